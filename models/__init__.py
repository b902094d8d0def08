"""The store: SQLModel tables, the engine from DATABASE_URL, queries and migrations."""

from models.checkins import CheckIn, Delivery, SlotStatus
from models.inbound import InboundEvent
from models.okrs import KeyResult, Objective
from models.people import Membership, Period, Person, Team

__all__ = [
    "CheckIn",
    "Delivery",
    "InboundEvent",
    "KeyResult",
    "Membership",
    "Objective",
    "Period",
    "Person",
    "SlotStatus",
    "Team",
]
