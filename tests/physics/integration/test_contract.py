"""The contract between the engines has one home: the numba kernel's constants and stall rule come from it."""

import ast
import inspect
from pathlib import Path

import numpy as np
import pytest

from physics.integration import contract, generated
from physics.integration.contract import IntegrationSettings

TEMPLATE = Path(contract.__file__).with_name("numba_kernel.py")


def test_the_generated_kernel_has_the_contracts_constants_and_stall_rule():
    module = generated.default_model().module
    for name, value in contract.kernel_constants().items():
        assert getattr(module, name) == value, name
    source = inspect.getsource(module)
    for function in contract.KERNEL_FUNCTIONS:
        assert inspect.getsource(function) in source
    assert "from physics.integration.contract import" not in source  # printed as values, not imported


def test_the_kernel_template_takes_from_the_contract_only_what_is_printed():
    tree = ast.parse(TEMPLATE.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == contract.__name__
                for alias in node.names}
    printed = set(contract.kernel_constants()) | {f.__name__ for f in contract.KERNEL_FUNCTIONS}
    assert imported and imported <= printed
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}
    assert not assigned & printed, "the template writes out a constant of the contract again"


def test_output_rows_and_cfg_follow_their_names():
    for row, name in enumerate(contract.OUT_ROWS):
        assert getattr(contract, f"OUT_{name.upper()}") == row
    assert contract.OUT_ROWS[: len(contract.COLUMNS)] == contract.COLUMNS
    settings = IntegrationSettings(t_max=3.0, r_min=0.2, r_max=7.0, rtol=1e-7, atol=1e-9)
    cfg = contract.config(settings, 1234)
    for name in contract.CFG_FIELDS[:-1]:
        assert cfg[getattr(contract, f"CFG_{name.upper()}")] == getattr(settings, name)
    assert cfg[contract.CFG_MAX_EVALUATIONS] == 1234
    assert settings.tau_bound > settings.t_max / settings.r_min**2  # no run reaches it before t_max


def test_the_dop853_sizes_are_scipys():
    from scipy.integrate._ivp import dop853_coefficients as dop

    assert dop.A.shape == (contract.N_STAGES_DENSE, contract.N_STAGES_DENSE) and len(dop.B) == contract.N_STAGES
    assert dop.D.shape[0] + 3 == 7 and contract.RECORD == 2 + contract.N_STATE + 7 * contract.N_STATE


def test_every_stop_code_reports_a_stop_reason():
    codes = (contract.T_MAX, contract.R_MIN, contract.R_MAX, contract.BUDGET, contract.TOO_SMALL_STEP, contract.STALLED)
    assert sorted(codes) == list(range(len(contract.CODE_REASONS)))
    assert [contract.CODE_REASONS[c] for c in (contract.T_MAX, contract.R_MIN, contract.R_MAX)] == ["t_max", "r_min", "r_max"]
    assert set(contract.CODE_REASONS) == set(contract.STOP_REASONS)


def test_the_stall_rule_is_the_same_on_floats_and_arrays():
    steps = [(1e-12, 100.0, 1e-9, 1.0, 1.0), (1e-3, 1.0, 1e-9, 1.0, 1.0), (1e-8, 1.0, 1e-8, 1.0, 1.0), (1e-8, 1.0, 1.0, 1.0, 1.0)]
    singles = [bool(contract.counts_towards_stall(*step)) for step in steps]
    together = contract.counts_towards_stall(*(np.array(column) for column in zip(*steps)))
    assert singles == [True, False, True, False]
    assert together.tolist() == singles


@pytest.mark.parametrize("timed", [True, False])
def test_a_budget_message_names_what_bounds_the_run(timed):
    message = contract.budget_message(1.5, 0.25, 301, 300, timed)
    assert "after 301 evaluations" in message and message.endswith("the path is kept up to there")
    assert ("the limit is 300 or 20 s" in message) == timed
    assert ("the limit is 300 evaluations" in message) == (not timed)


def test_a_stall_message_says_where():
    assert "(x, y) = (2, 0)" in contract.stall_message(2.0, 0.0, 1.0)


def test_a_launch_must_start_strictly_between_r_min_and_r_max():
    assert contract.r0_problem(1.0, 0.05, 100.0) is None
    assert "r_min = 0.05" in contract.r0_problem(0.05, 0.05, 100.0)
    assert "r_max = 100" in contract.r0_problem(100.0, 0.05, 100.0)
