"""The read endpoints: each reads through handlers/ and returns plain data shaped by bot/api/schemas.py."""

from __future__ import annotations

from aiohttp import web

from bot.api.auth import Caller
from bot.api.problems import ApiProblem
from bot.api.schemas import CheckInList, KeyResultDetail, ObjectivesQuery, ObjectiveTree, PeriodList, PeriodOut
from bot.app_keys import API_CLOCK, SESSIONS
from handlers.api_values import NotVisible, readable_key_result
from handlers.okr_tree import key_result_detail, objective_tree
from models.api_queries import all_periods, checkin_numbers, latest_started_period
from models.people_queries import period_by_name, period_on


async def periods(request: web.Request, caller: Caller) -> PeriodList:
    async with request.app[SESSIONS]() as session:
        return PeriodList(periods=[PeriodOut.model_validate(p) for p in await all_periods(session)])


async def objectives(request: web.Request, caller: Caller, *, query: ObjectivesQuery) -> ObjectiveTree:
    async with request.app[SESSIONS]() as session:
        if query.period is not None:
            period = await period_by_name(session, name=query.period)
            if period is None:
                raise ApiProblem(404, f"no period named {query.period!r}; GET /api/v1/periods lists them")
        else:
            today = request.app[API_CLOCK]().date()
            period = await period_on(session, day=today) or await latest_started_period(session)
            if period is None:
                raise ApiProblem(404, "there are no periods yet")
        tree = await objective_tree(session, access=caller.access, period=period)
    return ObjectiveTree.model_validate({"period": PeriodOut.model_validate(period), "objectives": tree},
                                        from_attributes=True)


async def key_result(request: web.Request, caller: Caller, *, id: int) -> KeyResultDetail:
    async with request.app[SESSIONS]() as session:
        kr, objective = await _readable(session, caller, id)
        return KeyResultDetail.model_validate(await key_result_detail(session, kr=kr, objective=objective))


async def check_ins(request: web.Request, caller: Caller, *, id: int) -> CheckInList:
    async with request.app[SESSIONS]() as session:
        await _readable(session, caller, id)
        rows = await checkin_numbers(session, key_result_id=id)
    return CheckInList.model_validate({"key_result_id": id, "check_ins": rows}, from_attributes=True)


async def _readable(session, caller: Caller, id: int):
    try:
        return await readable_key_result(session, access=caller.access, key_result_id=id)
    except NotVisible:
        raise ApiProblem(404, f"no key result {id} that this token may read") from None
