"""Simulated people for the demo: how each answers a check-in, reproducibly from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bot.messages import KeyResultLine, Message

UP = {
    "en": ["A clear yes from the pilot customers", "Two more days of focus time", "Data from the new dashboard",
           "A decision on the pricing page"],
    "nl": ["Een duidelijk ja van de pilotklanten", "Twee dagen focustijd extra", "Cijfers uit het nieuwe dashboard",
           "Een besluit over de prijspagina"],
}
BLOCKERS = {
    "en": ["Waiting for the data team", "Release freeze until the 15th", "Half the team is out sick"],
    "nl": ["Wachten op het datateam", "Releasestop tot de 15e", "De helft van het team is ziek"],
}


@dataclass(frozen=True)
class Target:
    kind: str
    baseline: float
    target: float


@dataclass
class Simulation:
    """Every key result follows its own ambition; people mostly answer, sometimes later, snooze or skip."""

    seed: int
    targets: dict[int, Target]
    rng: random.Random = field(init=False)
    ambition: dict[int, float] = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.ambition = {kr_id: self.rng.uniform(0.45, 1.15) for kr_id in sorted(self.targets)}

    def decide(self, reminder: bool) -> str:
        """answer | later | snooze | skip | ignore"""
        roll = self.rng.random()
        if reminder:
            return "answer" if roll < 0.75 else "ignore"
        for choice, chance in (("answer", 0.72), ("later", 0.1), ("snooze", 0.06), ("skip", 0.04)):
            if roll < chance:
                return choice
            roll -= chance
        return "ignore"

    def fields(self, message: Message, elapsed: float) -> dict[str, str]:
        """Answers to a check-in when ``elapsed`` (0..1) of the period has passed."""
        answers: dict[str, str] = {}
        for line in (b for b in message.blocks if isinstance(b, KeyResultLine)):
            value, confidence = self._state(line.key_result_id, elapsed)
            answers[f"kr:{line.key_result_id}:value"] = value
            answers[f"kr:{line.key_result_id}:confidence"] = str(confidence)
            if self.rng.random() < 0.35:
                answers[f"kr:{line.key_result_id}:up"] = self.rng.choice(UP[message.locale])
            if confidence <= 5 and self.rng.random() < 0.5:
                answers[f"kr:{line.key_result_id}:blockers"] = self.rng.choice(BLOCKERS[message.locale])
        return answers

    def _state(self, kr_id: int, elapsed: float) -> tuple[str, int]:
        target, ambition = self.targets[kr_id], self.ambition[kr_id]
        reached = max(0.0, min(1.0, ambition * elapsed + self.rng.uniform(-0.04, 0.04)))
        dip = 2 if 0.45 < elapsed < 0.6 and ambition < 0.8 else 0  # a rough patch mid-quarter
        confidence = round(min(ambition, 1.0) * 9 + self.rng.uniform(-0.6, 0.6)) - dip
        confidence = max(1, min(10, confidence))
        if target.kind == "milestone":
            return ("yes" if reached >= 0.95 else "no"), confidence
        if target.kind in ("stay_above", "stay_below"):
            margin = abs(target.target - target.baseline) or 0.5
            holds = self.rng.random() < min(ambition, 0.95)
            sign = 1 if (target.kind == "stay_above") == holds else -1
            return f"{target.target + sign * margin * self.rng.uniform(0.2, 1.0):.1f}", confidence
        value = target.baseline + reached * (target.target - target.baseline)
        return f"{value:.0f}" if abs(target.target - target.baseline) >= 10 else f"{value:.1f}", confidence
