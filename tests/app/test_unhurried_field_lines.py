"""The command line traces another potential's field lines with no time budget (the same drawing on a busy machine
as on a quiet one); the window keeps FIELD_LINE_SECONDS."""

import argparse

from app import cli, custom_plotting
from app.state import SimulationState


def test_the_time_budget_applies_outside_unhurried_only(monkeypatch):
    budgets = []

    def record(field, seeds, box, params=(), seconds=None, **kwargs):
        budgets.append(seconds)
        return []

    monkeypatch.setattr(custom_plotting, "trace_field_lines", record)
    monkeypatch.setattr(custom_plotting, "_CACHE", type(custom_plotting._CACHE)())
    state = SimulationState()
    state.set_potential_preset("point-charge")
    custom_plotting.field_lines(state, state.view, 4)
    with custom_plotting.unhurried():
        custom_plotting.field_lines(state, state.view, 4)  # not the budgeted lines from the cache
    custom_plotting.field_lines(state, state.view, 4)  # cached
    assert budgets == [custom_plotting.FIELD_LINE_SECONDS, None]


def test_every_subcommand_runs_unhurried():
    args = argparse.Namespace(command="plot", handler=lambda _args: 7 if custom_plotting._unhurried.get() else 3)
    assert cli.run_command(args) == 7
    assert not custom_plotting._unhurried.get()
