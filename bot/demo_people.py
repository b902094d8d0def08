"""Simulated people for the demo: how each answers a check-in, reproducibly from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bot.demo_texts import Texts
from bot.messages import KeyResultLine, Message

# How people treat a check-in when it arrives, and the reminder (or a snoozed check-in coming back) when it stays
# open. Tuned so that about 80 % of the delivered check-ins end up answered over a quarter: real teams answer
# roughly 70-85 %, and a demo that shows 95 % promises what no team sees.
FIRST_ASK = (("answer", 0.55), ("later", 0.1), ("snooze", 0.05), ("skip", 0.06))  # the rest: ignored
ASKED_AGAIN = (("answer", 0.4), ("catch_up", 0.1))  # catch_up: answered days later; the rest: never answered


@dataclass(frozen=True)
class Target:
    kind: str
    baseline: float
    target: float


@dataclass
class Simulation:
    """Every key result follows its own ambition; people mostly answer, sometimes later, snooze, skip or not at
    all."""

    seed: int
    targets: dict[int, Target]
    rng: random.Random = field(init=False)
    ambition: dict[int, float] = field(init=False)
    texts: Texts = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.texts = Texts(self.rng)
        self.ambition = {kr_id: self.rng.uniform(0.45, 1.15) for kr_id in sorted(self.targets)}

    def learn(self, targets: dict[int, Target]) -> None:
        """Key results new since the start (drafted for the next period) get their own ambition too."""
        for kr_id in sorted(targets.keys() - self.targets.keys()):
            self.targets[kr_id] = targets[kr_id]
            self.ambition[kr_id] = self.rng.uniform(0.45, 1.15)

    def decide(self, reminder: bool) -> str:
        """answer | later | snooze | skip | ignore; for a reminder answer | catch_up | ignore"""
        roll = self.rng.random()
        for choice, chance in ASKED_AGAIN if reminder else FIRST_ASK:
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
                answers[f"kr:{line.key_result_id}:up"] = self.texts.deal("up", message.locale)
            if confidence <= 5 and self.rng.random() < 0.5:
                answers[f"kr:{line.key_result_id}:blockers"] = self.texts.deal("blocker", message.locale)
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
