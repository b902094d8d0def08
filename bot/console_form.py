"""A form in the terminal, asked question by question: each answer is checked as it is given and asked again at
once with the reason; questions that don't apply are left out; Enter keeps the answer shown in [brackets], ``-``
clears it, and ``cancel``/``annuleer``, Ctrl-C or Ctrl-D stop the form with nothing saved."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.console_render import terminal_safe
from bot.messages import Message, ScaleQuestion, SelectQuestion
from handlers.form_check import applies, draft_remarks, field_errors
from handlers.okr_form import MIN_KRS
from prompts import t

ReadLine = Callable[[str], Awaitable[str | None]]
INTERRUPTED = "\x03"  # what the terminal's line reader gives for Ctrl-C
CLEAR = "-"
SHOWN = 40  # a longer default is shortened in the prompt
MAX_TRIES = 20  # refusals of one field before the form stops, saving nothing


class Cancelled(Exception):
    """The person stopped the form; nothing is saved."""


@dataclass
class TerminalForm:
    form: Message
    read_line: ReadLine
    write: Callable[[str], None]
    answers: dict[str, str] = field(default_factory=dict)

    def say(self, key: str, **params) -> str:
        return t(self.form.locale, f"forms.{key}", **params)

    async def ask_all(self) -> None:
        for question in self.form.questions:
            if applies(self.form, self.answers, question.id):
                await self.ask_until_valid(question.id)
            else:
                self.answers.pop(question.id, None)  # a question left out carries no answer

    async def ask_again(self, errors: dict[str, str]) -> bool:
        """Only the refused fields, each with its reason; the other answers stay. False when a refusal is on
        no question the person can answer again."""
        if not set(errors) <= set(self._questions()):
            return False
        for key, error in errors.items():
            await self.ask_until_valid(key, error)
        return True

    async def ask_until_valid(self, key: str, error: str | None = None, depth: int = 0) -> None:
        before = self.answers.get(key)
        for _ in range(MAX_TRIES):
            self.answers[key] = await self._ask(key, error)
            errors = field_errors(self.form, self.answers)
            error = errors.pop(key, None)
            if error is not None:  # the refused answer is on the screen; Enter offers the one before it again
                if before is None:
                    self.answers.pop(key)
                else:
                    self.answers[key] = before
            else:
                for other, reason in errors.items():  # an earlier answer this one made wrong (a target below
                    if depth < MAX_TRIES:  # its baseline) is asked again; two answers never ping-pong forever
                        await self.ask_until_valid(other, reason, depth + 1)
                return
        raise Cancelled  # the same refused answer again and again (input from a file or a script): nothing saved

    async def keep_after_remarks(self) -> bool:
        """The linter's remarks on a new OKR before it is saved: True to save anyway, False to change it."""
        remarks = draft_remarks(self.form, self.answers)
        if not remarks:
            return True
        self.write(self.say("lint_heading"))
        self.write("\n".join(terminal_safe(f"  • {remark}") for remark in remarks))
        while True:
            choice = (await self._read(self.say("lint_choice") + " ")).strip().lower()
            if choice in self.say("save_words").split(","):
                return True
            if choice in self.say("change_words").split(","):
                return False

    async def _ask(self, key: str, error: str | None) -> str:
        question = self._questions()[key]
        if error:
            self.write(terminal_safe(f"  ✗ {error}"))
        if isinstance(question, SelectQuestion):
            self.write(terminal_safe("    " + "  ".join(f"{n}) {o.label}" for n, o in enumerate(question.options, 1))))
        if isinstance(question, ScaleQuestion) and self.form.context.get("kind") == "survey":
            self.write(terminal_safe(f"    {question.low} = {question.low_label} … "
                                     f"{question.high} = {question.high_label}"))
        typed = self.answers.get(key, "")
        answer = (await self._read(self._prompt(question, typed))).strip()
        if answer == CLEAR:
            return ""
        answer = answer or typed
        return _option_id(question, answer) if isinstance(question, SelectQuestion) else answer

    async def _read(self, prompt: str) -> str:
        line = await self.read_line(prompt)
        if line is None or line == INTERRUPTED or line.strip().lower() in self.say("cancel_words").split(","):
            raise Cancelled
        return line

    def _prompt(self, question, typed: str) -> str:
        title = _kr_title(self.form, question.id)
        text = question.prompt.rstrip().rstrip("?:")
        if question.id.endswith(":title") and question.id[2:-6].isdigit() and int(question.id[2:-6]) > MIN_KRS:
            text += " " + self.say("no_more_key_results")
        shown = _label(question, typed)
        hint = f" [{self._short(shown)}]" if shown else ""
        return terminal_safe(f"  {title + ' — ' if title else ''}{text}{hint}: ")

    def _short(self, text: str) -> str:
        one_line = " ".join(text.split())
        if len(one_line) <= SHOWN:
            return one_line
        return one_line[:SHOWN].rsplit(" ", 1)[0] + self.say("characters", length=len(text))

    def _questions(self) -> dict:
        return {question.id: question for question in self.form.questions}


def _label(question, typed: str) -> str:
    """A choice is shown by its label in the person's language, not its id."""
    if isinstance(question, SelectQuestion):
        return next((o.label for o in question.options if o.id == typed), typed)
    return typed


def _option_id(question: SelectQuestion, answer: str) -> str:
    """Accept an option's number, id or label; anything else goes through as typed, for the checks to refuse."""
    for n, option in enumerate(question.options, 1):
        if answer in (str(n), option.id) or answer.lower() == option.label.lower():
            return option.id
    return answer


def _kr_title(form: Message, question_id: str) -> str:
    kr_id = question_id.split(":")[1] if question_id.startswith("kr:") else ""
    titles = {str(b.key_result_id): b.title for b in form.blocks if hasattr(b, "key_result_id")}
    return titles.get(kr_id, "")
