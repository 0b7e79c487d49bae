"""Equations of motion for a typed T and U: parse safely, derive with a time limit, report and format."""

from __future__ import annotations

import sympy as sp

from physics import derivation as d


def derive_from_text(T_text: str | None, U_text: str | None, timeout: float = 10.0):
    """(Equations, findings) for the given texts; None means the default T or the point-dipole U.

    Text goes through physics.expressions.parse_expression (a whitelist parser, never eval/sympify),
    and a derivation on user input runs in a separate process that is stopped after `timeout` seconds.
    """
    if T_text is None and U_text is None:
        eq = d.lambdified_model().equations
    else:
        from physics.expressions import parse_expression
        from physics.safe_derive import derive_with_timeout

        T = d.DEFAULT_T if T_text is None else parse_expression(T_text, kind="T")
        U = d.DEFAULT_U if U_text is None else parse_expression(U_text, kind="U")
        eq = derive_with_timeout(T, U, timeout=timeout)
    return eq, findings(eq)


def findings(eq) -> list[str]:
    """What sympy finds about the system: cyclic coordinates, conserved quantities, the r² law."""
    out = []
    for name, momentum in eq.conserved:
        coord = name.removeprefix("p_")
        out.append(f"{coord} is cyclic: its momentum {name} = {sp.sstr(momentum)} is conserved")
    if not (eq.T.has(d.t) or eq.U.has(d.t)):
        out.append(f"T and U do not depend on t: the energy E = {sp.sstr(eq.energy)} is conserved")
    if eq.C is not None:
        out.append(
            "U is homogeneous of degree -2 in r: d²(r²)/dt² = 4E, so r(t)² = 2E t² + 2 r0 vr0 t + r0² exactly, "
            f"and C = {sp.sstr(eq.C)} is conserved (the pendulum energy in Sundman time)"
        )
    return out


_LATEX_NAMES = {d.r_dot: r"\dot{r}", d.theta_dot: r"\dot{\theta}"}


def latex(expr) -> str:
    return sp.latex(expr, symbol_names=_LATEX_NAMES)


def format_equations(eq, fmt: str = "text", report: list[str] | None = None) -> str:
    """The equations as plain text, as two sympify-able lines (fmt "sympy"), or as LaTeX."""
    if fmt == "sympy":
        return f"r_ddot = {sp.sstr(eq.r_ddot)}\ntheta_ddot = {sp.sstr(eq.theta_ddot)}"
    if fmt == "latex":
        lines = [
            r"\ddot{r} = " + latex(eq.r_ddot),
            r"\ddot{\theta} = " + latex(eq.theta_ddot),
            r"E = " + latex(eq.energy),
        ]
        if eq.C is not None:
            lines.append(r"C = " + latex(eq.C))
        return "\n".join(lines)
    lines = [
        f"T = {sp.sstr(eq.T)}",
        f"U = {sp.sstr(eq.U)}",
        "Euler-Lagrange equations solved for the accelerations:",
        f"  r_ddot = {sp.sstr(eq.r_ddot)}",
        f"  theta_ddot = {sp.sstr(eq.theta_ddot)}",
        f"Energy: E = {sp.sstr(eq.energy)}",
    ]
    if eq.C is not None:
        lines.append(f"Second invariant: C = {sp.sstr(eq.C)}")
    for item in report or []:
        lines.append(f"* {item}")
    return "\n".join(lines)


def mathtext_lines(eq) -> list[str]:
    """The equations as matplotlib mathtext strings (no TeX installation needed)."""
    out = [
        r"$\ddot{r} = " + latex(eq.r_ddot) + "$",
        r"$\ddot{\theta} = " + latex(eq.theta_ddot) + "$",
        r"$E = " + latex(eq.energy) + "$",
    ]
    if eq.C is not None:
        out.append(r"$C = " + latex(eq.C) + "$")
    return out
