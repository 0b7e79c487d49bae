"""`main.py probe`: V and E at a point against closed forms worked out by hand; refusals in one line."""

import json
import math

import pytest

from app.cli import main


def run(args, capsys):
    try:
        code = main(["probe", *args])
    except SystemExit as refused:  # argparse refuses a flag itself
        code = refused.code
    out, err = capsys.readouterr()
    return code, out, err


def test_point_dipole_json_against_closed_form(capsys):
    k, x, y = -1.5, 0.8, -1.2
    code, out, err = run(["--k", str(k), "--x", str(x), "--y", str(y), "--json"], capsys)
    assert code == 0 and err == ""
    got = json.loads(out)
    assert list(got) == ["V", "Ex", "Ey", "E_abs"]
    r = math.hypot(x, y)
    Ex, Ey = k * (r * r - 3 * x * x) / r**5, -3 * k * x * y / r**5  # −∇(−k x / r³)
    assert got["V"] == pytest.approx(-k * x / r**3, rel=1e-12)
    assert got["Ex"] == pytest.approx(Ex, rel=1e-12) and got["Ey"] == pytest.approx(Ey, rel=1e-12)
    assert got["E_abs"] == pytest.approx(math.hypot(Ex, Ey), rel=1e-12)


def test_text_output_names_v_and_e(capsys):
    code, out, _ = run(["--k", "1", "--x", "2", "--y", "0"], capsys)
    assert code == 0
    # on the axis U = −k/x², so V = −0.25 and E = −dU/dx = (−2k/x³, 0) = (−0.25, 0): the charge is pulled in
    assert out.splitlines() == ["V = -0.25", "E = (-0.25, 0), |E| = 0.25"]


def test_typed_point_charge(capsys):
    code, out, _ = run(["--k", "2", "--x", "-1", "--y", "2", "--U", "-k/r", "--json"], capsys)
    assert code == 0
    got = json.loads(out)
    r = math.sqrt(5.0)
    assert got["V"] == pytest.approx(-2 / r, rel=1e-12)
    assert (got["Ex"], got["Ey"]) == (pytest.approx(-2 * -1 / r**3, rel=1e-12), pytest.approx(-2 * 2 / r**3, rel=1e-12))


def test_named_potential_with_a_parameter(capsys):
    """Dipole in a uniform field at (1, 0): U = −k/r² − E0 r, E = (−2k + E0, 0)."""
    code, out, _ = run(["--k", "1", "--x", "1", "--y", "0", "--potential", "dipole-uniform-field", "--param", "E0=0.5",
                        "--json"], capsys)
    assert code == 0
    got = json.loads(out)
    assert got["V"] == pytest.approx(-1.5, rel=1e-12)
    assert got["Ex"] == pytest.approx(-1.5, rel=1e-12) and got["Ey"] == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("args, named", [
    (["--k", "1", "--x", "0", "--y", "0"], "singularity"),
    (["--k", "1", "--x", "-1", "--y", "0", "--U", "-k/sqrt((x + 1)^2 + y^2)"], "singularity"),
    (["--k", "1", "--x", "1", "--y", "0", "--potential", "nope"], "potential"),
    (["--k", "1", "--x", "1", "--y", "0", "--potential", "point-charge", "--param", "d=1"], "--param d"),
    (["--k", "1", "--x", "1", "--y", "0", "--param", "d"], "NAME=VALUE"),
    (["--k", "1", "--x", "1", "--y", "0", "--U", "__import__('os')"], "--U"),
    (["--k", "1", "--x", "1", "--y", "0", "--U", "-k/r", "--potential", "point-charge"], "not allowed with"),
])
def test_refusals_are_one_line_and_status_2(args, named, capsys):
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err
