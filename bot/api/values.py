"""``POST /api/v1/key-results/{id}/values``: one value, idempotent by ``Idempotency-Key``: the same key with the
same body gets the first answer again (nothing recorded twice), the same key with another body a 422."""

from __future__ import annotations

import hashlib

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from bot.api.auth import Caller
from bot.api.problems import ApiProblem
from bot.api.schemas import ValueIn, ValueOut
from bot.app_keys import API_CLOCK, SESSIONS
from handlers.api_values import NotAccepted, NotAllowed, NotVisible, push_value
from models.api_tokens import ApiIdempotency, kept_answer
from models.db import transaction

KEY_HEADER = "Idempotency-Key"
MAX_KEY = 200
CREATED = 201


async def push(request: web.Request, caller: Caller, *, id: int, body: ValueIn) -> web.Response:
    key = _idempotency_key(request)
    fingerprint = hashlib.sha256(f"{id}\n{body.model_dump_json()}".encode()).hexdigest()
    now = request.app[API_CLOCK]()
    try:
        async with transaction(request.app[SESSIONS]) as session:
            if key is not None and (kept := await kept_answer(session, token_id=caller.token_id, key=key)):
                return _replay(kept, fingerprint)
            status, answer = await _record(session, caller, id, body, now)
            if key is not None:
                session.add(ApiIdempotency(token_id=caller.token_id, key=key, request_hash=fingerprint,
                                           status=status, body=answer, created_at=now))
                await session.flush()
    except IntegrityError:  # the same key sent twice at once: the other request's answer counts
        async with request.app[SESSIONS]() as session:
            kept = await kept_answer(session, token_id=caller.token_id, key=key)
        if kept is None:
            raise
        return _replay(kept, fingerprint)
    return web.Response(status=status, text=answer, content_type="application/json")


async def _record(session, caller: Caller, id: int, body: ValueIn, now) -> tuple[int, str]:
    try:
        recorded = await push_value(session, access=caller.access, key_result_id=id, value=body.value,
                                    note=body.note, measured_at=body.time, origin=caller.name, now=now)
    except NotVisible:
        raise ApiProblem(404, f"no key result {id} that this token may read") from None
    except NotAllowed as refused:
        raise ApiProblem(403, str(refused)) from None
    except NotAccepted as refused:
        raise ApiProblem(409, str(refused)) from None
    return CREATED, ValueOut.model_validate(recorded).model_dump_json()


def _replay(kept: ApiIdempotency, fingerprint: str) -> web.Response:
    if kept.request_hash != fingerprint:
        raise ApiProblem(422, f"this {KEY_HEADER} was used for another request; use a new key for a new value")
    return web.Response(status=kept.status, text=kept.body, content_type="application/json",
                        headers={"Idempotent-Replayed": "true"})


def _idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_KEY or not key.isascii() or not key.isprintable():
        raise ApiProblem(400, f"{KEY_HEADER} must be 1 to {MAX_KEY} printable ASCII characters")
    return key
