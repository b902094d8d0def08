"""Pushing key-result values through the REST API: scopes, teams, idempotency, and every bad input a 4xx."""

from __future__ import annotations

from sqlalchemy import func, select

from models import KeyResultValue


async def stored(api) -> int:
    async with api.sessions() as session:
        return (await session.execute(select(func.count()).select_from(KeyResultValue))).scalar()


async def test_a_pushed_value_becomes_current_and_says_so(api):
    response = await api.push("nps", {"value": 35.5, "note": "weekly export"})
    assert response.status == 201
    body = await response.json()
    assert (body["value"], body["current"], body["note"]) == (35.5, 35.5, "weekly export")
    assert body["measured_at"] == body["recorded_at"] == "2026-10-20T09:00:00Z"  # no time given: now
    assert body["progress"] == 0.525
    tree = await (await api.get(f"/api/v1/key-results/{api.krs['nps']}", "reader")).json()
    assert tree["key_result"]["current"] == 35.5


async def test_a_value_measured_before_the_latest_check_in_is_kept_but_not_current(api):
    body = await (await api.push("nps", {"value": 20, "time": "2026-10-01T12:00:00+02:00"})).json()
    assert body["current"] == 31 and body["measured_at"] == "2026-10-01T10:00:00Z"


async def test_the_same_idempotency_key_gives_the_first_answer_and_records_once(api):
    first = await api.push("nps", {"value": 36}, key="ci-run-41")
    again = await api.push("nps", {"value": 36}, key="ci-run-41")
    assert first.status == again.status == 201
    assert await first.json() == await again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await stored(api) == 1
    other = await api.push("nps", {"value": 37}, key="ci-run-41")
    assert other.status == 422 and "another request" in (await other.json())["detail"]
    elsewhere = await api.push("reply", {"value": 36}, key="ci-run-41")  # same body, another key result
    assert elsewhere.status == 422
    assert (await api.push("nps", {"value": 36}, "boss", key="ci-run-41")).status == 201  # keys are per token
    assert await stored(api) == 2


async def test_a_read_token_may_not_push(api):
    response = await api.push("nps", {"value": 40}, "reader")
    assert response.status == 403
    assert "scope values" in (await response.json())["detail"]
    assert await stored(api) == 0


async def test_a_team_token_pushes_only_to_its_teams_key_results(api):
    assert (await api.push("nps", {"value": 30}, "support-pusher")).status == 201
    assert (await api.push("renewals", {"value": 80}, "support-pusher")).status == 404  # another team's: unseen
    assert (await api.push("company-nps", {"value": 30}, "support-pusher")).status == 403  # the organisation's
    assert (await api.push("company-nps", {"value": 30}, "pusher")).status == 201


async def test_personal_key_results_take_values_only_from_tokens_that_may_read_them(api):
    assert (await api.push("anna-talks", {"value": 2}, "pusher")).status == 404
    assert (await api.push("anna-talks", {"value": 2}, "sales-admin")).status == 404
    assert (await api.push("anna-talks", {"value": 2}, "support-admin")).status == 201


async def test_every_bad_input_is_a_4xx_problem_and_nothing_is_recorded(api):
    cases = [
        ('{"value": ', 400), (b'{"value": 1, "note": "\xff"}', 400), ("[1, 2]", 422), ('"just text"', 422),
        ({"value": "ten"}, 422), ({"value": True}, 422), ({}, 422), ({"value": 1, "extra": 1}, 422),
        ('{"value": NaN}', 422), ('{"value": 1e999}', 422), ({"value": 1, "note": "x" * 501}, 422),
        ({"value": 1, "note": "nul\u0000"}, 422), ({"value": 1, "time": "yesterday"}, 422),
        ({"value": 1, "time": "2026-10-19T08:00:00"}, 422), ({"value": 1, "time": "0001-01-01T00:00:00+05:00"}, 422),
        ({"value": 1, "time": "2026-10-21T09:00:00Z"}, 409), ('{"value": ' + "[" * 100_000, 400),
    ]
    for body, status in cases:
        response = await api.push("nps", body)
        assert response.status == status, (body if len(str(body)) < 80 else str(body)[:80], await response.text())
        assert response.content_type == "application/problem+json"
        assert (await response.json())["status"] == status
    wrong_type = await api.client.post(f"/api/v1/key-results/{api.krs['nps']}/values", data="value=1",
                                       headers=api.auth("pusher", **{"Content-Type": "text/plain"}))
    assert wrong_type.status == 415
    for target in (999, 2**31, "x1"):
        response = await api.client.post(f"/api/v1/key-results/{target}/values", json={"value": 1},
                                         headers=api.auth("pusher"))
        assert response.status == 404 and response.content_type == "application/problem+json"
    assert (await api.push("nps", {"value": 1}, key="é" * 3)).status == 400
    assert (await api.push("nps", {"value": 1}, key="k" * 201)).status == 400
    assert await stored(api) == 0


async def test_a_field_that_is_wrong_is_named_without_echoing_what_was_sent(api):
    body = await (await api.push("nps", {"value": "secret-looking-input"})).json()
    assert body["errors"][0]["field"] == "value" and "secret-looking-input" not in str(body)


async def test_an_archived_key_result_takes_no_values(api, load_org):
    from tests.api_org import API_ORG

    without_kb = "\n".join(line for line in API_ORG.splitlines() if "id: kb," not in line)
    await load_org(without_kb)
    response = await api.push("kb", {"value": 1})
    assert response.status == 409 and "left the organisation file" in (await response.json())["detail"]
    assert (await (await api.get(f"/api/v1/key-results/{api.krs['kb']}", "reader")).json())["archived"] is True


async def test_the_same_key_sent_five_times_at_once_records_one_value(api):
    import asyncio

    answers = await asyncio.gather(*(api.push("nps", {"value": 39}, key="burst") for _ in range(5)))
    assert [a.status for a in answers] == [201] * 5
    assert len({(await a.json())["id"] for a in answers}) == 1
    assert await stored(api) == 1
