"""The store: SQLModel tables, the engine from DATABASE_URL, queries and migrations."""

from models.absence import Absence
from models.api_tokens import ApiIdempotency, ApiToken
from models.checkins import CheckIn, Delivery, SlotStatus
from models.digests import ChannelPost, OneOnOne
from models.feeds import FeedSource, Kpi, KpiMeasure, KpiValue
from models.inbound import InboundEvent
from models.okrs import KeyResult, KeyResultValue, Objective, ObjectiveShare, OkrChange
from models.people import Membership, Period, Person, Team
from models.planning import PlanningSetting
from models.slack_store import SlackMember, SlackWorkspace
from models.surveys import PremortemRisk, SurveyAnswer, SurveyRound, SurveySchedule, SurveyStatement
from models.teams_store import TeamsChannel, TeamsUser
from models.webhooks import Webhook, WebhookEvent

__all__ = [
    "Absence",
    "ApiIdempotency",
    "ApiToken",
    "ChannelPost",
    "CheckIn",
    "Delivery",
    "FeedSource",
    "InboundEvent",
    "KeyResult",
    "KeyResultValue",
    "Kpi",
    "KpiMeasure",
    "KpiValue",
    "Membership",
    "Objective",
    "ObjectiveShare",
    "OkrChange",
    "OneOnOne",
    "Period",
    "Person",
    "PlanningSetting",
    "PremortemRisk",
    "SlackMember",
    "SlackWorkspace",
    "SlotStatus",
    "SurveyAnswer",
    "SurveyRound",
    "SurveySchedule",
    "SurveyStatement",
    "Team",
    "TeamsChannel",
    "TeamsUser",
    "Webhook",
    "WebhookEvent",
]
