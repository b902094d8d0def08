"""The installation tables Alembic creates are exactly the ones slack-sdk's SQLAlchemy stores read and write."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from models.slack_store import BOTS, INSTALLATIONS, OAUTH_STATES, slack_bots, slack_installations, slack_oauth_states


def layout(table: Table) -> tuple:
    columns = [(c.name, repr(c.type), c.nullable, c.primary_key) for c in table.columns]
    indexes = sorted((i.name, tuple(c.name for c in i.columns), i.unique) for i in table.indexes)
    return table.name, columns, indexes


def test_the_installation_tables_match_slack_sdk():
    theirs = MetaData()
    store = AsyncSQLAlchemyInstallationStore
    assert layout(slack_installations) == layout(store.build_installations_table(theirs, INSTALLATIONS))
    assert layout(slack_bots) == layout(store.build_bots_table(theirs, BOTS))
    states = AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(theirs, OAUTH_STATES)
    assert layout(slack_oauth_states) == layout(states)
