"""The English that physics/ and app/ write for people and the window shows: marked here for the translation.

physics/ and app/ build these texts (a fate, an outcome, a refusal) in English for the command line, its
files and its tests, and must not know about Qt. The window shows them through ui.language.localise, which
finds the text among these templates ("{t}" stands for whatever is shown there, e.g. a number) and puts
it in the window's language, numbers unchanged; text not listed here is shown as it is, in English.
Keep a template here in step with the code that writes it (the source is named beside each group).
"""

from __future__ import annotations

from app.i18n import QT_TRANSLATE_NOOP

TEMPLATES = (
    # physics/exact.py Fate.describe, physics/regime.py NoPrediction.describe
    QT_TRANSLATE_NOOP("Physics", "falls into the dipole at t = {t}"),
    QT_TRANSLATE_NOOP("Physics", "escapes, closest approach r = {r}"),
    QT_TRANSLATE_NOOP("Physics", "marginal (E = 0, C < 0): r² grows linearly, escapes as r ∝ √t"),
    QT_TRANSLATE_NOOP("Physics", "marginal (C = 0): reaches the dipole at t = {t}"),
    QT_TRANSLATE_NOOP("Physics", "marginal (C = 0): swings on a circle of constant r"),
    QT_TRANSLATE_NOOP("Physics", "marginal (C = 0): escapes"),
    QT_TRANSLATE_NOOP("Physics", "no exact prediction: the potential is not the point dipole"),
    # physics/outcome.py outcome_text
    QT_TRANSLATE_NOOP("Physics", "falls in at t = {t}"),
    QT_TRANSLATE_NOOP("Physics", "escapes"),
    QT_TRANSLATE_NOOP("Physics", "marginal (C = 0)"),
    QT_TRANSLATE_NOOP("Physics", "marginal (E = 0)"),
    QT_TRANSLATE_NOOP("Physics", "no exact prediction"),
    QT_TRANSLATE_NOOP("Physics", "fell in at t = {t}"),
    QT_TRANSLATE_NOOP("Physics", "reached r_max at t = {t}"),
    QT_TRANSLATE_NOOP("Physics", "ran to t = {t}"),
    QT_TRANSLATE_NOOP("Physics", "stalled at t = {t}, at a singularity of U?"),
    QT_TRANSLATE_NOOP("Physics", "stopped at t = {t} (see the tooltip)"),
    # app/space/scene.py SpaceScene: why a launch is not added to the 3-D view
    QT_TRANSLATE_NOOP("Physics", "at most {t} launches in the 3-D view"),
    QT_TRANSLATE_NOOP("Physics", "the launch must start between r_min = {t} and r_max = {t}"),
    # physics/regime.py REGIONS labels (as RegimePoint.label shows them, on one line)
    QT_TRANSLATE_NOOP("Physics", "falls in (libration)"),
    QT_TRANSLATE_NOOP("Physics", "falls if moving in, escapes if moving out"),
    QT_TRANSLATE_NOOP("Physics", "escapes (libration)"),
    QT_TRANSLATE_NOOP("Physics", "escapes (rotation)"),
    QT_TRANSLATE_NOOP("Physics", "free motion (k = 0)"),
    # physics/integration/contract.py: why a run stopped early
    QT_TRANSLATE_NOOP("Physics", "stopped at t = {t}, r = {r} after {evaluations} evaluations (the limit is {bound}): "
                                 "the path is kept up to there"),
    QT_TRANSLATE_NOOP("Physics", "stalled at t = {t}, (x, y) = ({x}, {y}): the steps shrank to a millionth of their size or to "
                                 "rounding level, as they do at a singularity of U; the path is kept up to there"),
    # physics/integration/contract.py r0_problem, app/state.py check_launch and set_k, app/text.py read_number
    QT_TRANSLATE_NOOP("Physics", "the launch point cannot be integrated: {problem}"),
    QT_TRANSLATE_NOOP("Physics", "r0 = {r0} is not outside r_min = {r_min}"),
    QT_TRANSLATE_NOOP("Physics", "r0 = {r0} is not inside r_max = {r_max}"),
    QT_TRANSLATE_NOOP("Physics", "the launch speed is too large (at most 1e6)"),
    QT_TRANSLATE_NOOP("Physics", "the launch point must not be the dipole itself (x0 = y0 = 0)"),
    QT_TRANSLATE_NOOP("Physics", "{name} must be a number, got {text}"),
    QT_TRANSLATE_NOOP("Physics", "{name} must be a finite number, got {text}"),
    QT_TRANSLATE_NOOP("Physics", "k must be between {low} and {high}, got {k}"),
    QT_TRANSLATE_NOOP("Physics", "a launch: {problem}"),
    # app/equations.py findings: what sympy finds about the system (the potential panel lists them)
    QT_TRANSLATE_NOOP("Physics", "{coord} is cyclic: its momentum {name} = {momentum} is conserved"),
    QT_TRANSLATE_NOOP("Physics", "T and U do not depend on t: the energy E = {energy} is conserved"),
    QT_TRANSLATE_NOOP("Physics", "U is homogeneous of degree -2 in r: d²(r²)/dt² = 4E, so r(t)² = 2E t² + 2 r0 vr0 t + r0² exactly, "
                                 "and C = {C} is conserved (the pendulum energy in Sundman time)"),
    # app/files/share.py and app/files/session.py: why a pasted setup or a session file is refused (the common reasons)
    QT_TRANSLATE_NOOP("Physics", "pasted setup"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is not text"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is {count} characters long, far more than a setup can be"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is empty: copy a setup with Edit ▸ Copy setup first"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is version {version} of the setup text, which this version cannot read"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is not a Dipole Lab setup (it should start with {prefix}; copy one with Edit ▸ Copy setup)"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is damaged: it holds characters a copied setup never has (was it changed?)"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is damaged or cut short (was it copied whole?)"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is cut short (was it copied whole?)"),
    QT_TRANSLATE_NOOP("Physics", "{source}: cannot read: {reason}"),
    QT_TRANSLATE_NOOP("Physics", "{source}: cannot save: {reason}"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is empty, not a session file"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is not UTF-8 text (byte {byte} at offset {offset})"),
    QT_TRANSLATE_NOOP("Physics", "{source}: is not valid JSON: {reason} at line {line}, column {column}"),
    QT_TRANSLATE_NOOP("Physics", "{source}: ends too early (truncated?) at line {line}, column {column}"),
    # physics/expressions.py: why a typed U or T is refused (the most common reasons)
    QT_TRANSLATE_NOOP("Physics", "U: {message}"),
    QT_TRANSLATE_NOOP("Physics", "T: {message}"),
    QT_TRANSLATE_NOOP("Physics", "the expression is empty"),
    QT_TRANSLATE_NOOP("Physics", "unknown name {name} (allowed: {allowed})"),
    QT_TRANSLATE_NOOP("Physics", "unknown name {name}; did you mean {better}? (allowed: {allowed})"),
    QT_TRANSLATE_NOOP("Physics", "{name} is a function: write {call}"),
    QT_TRANSLATE_NOOP("Physics", "{name} is a velocity: U may depend only on the position and the parameters"),
    QT_TRANSLATE_NOOP("Physics", "division by zero in {expression}"),
    QT_TRANSLATE_NOOP("Physics", "syntax error at column {column}: {error}"),
    QT_TRANSLATE_NOOP("Physics", "syntax error at column {column}: {error} (use * for products, e.g. 2*r)"),
    # app/challenge/levels/*.json: the shipped levels' titles and texts (a teacher's own level shows as written)
    QT_TRANSLATE_NOOP("Physics", "First shot"),
    QT_TRANSLATE_NOOP("Physics", "Drag from the green start zone to launch a charge (or use the keyboard: Enter shows the launch cursor, "
                                 "the arrows move it, Enter launches). Hit the gold target. The dipole bends every path a little."),
    QT_TRANSLATE_NOOP("Physics", "Behind the dipole"),
    QT_TRANSLATE_NOOP("Physics", "The target hides behind the dipole and a wall blocks the low road. With k > 0 the left side pushes the "
                                 "charge away and the right side pulls it in: fly over the top and let the dipole bring it down."),
    QT_TRANSLATE_NOOP("Physics", "Capture and escape"),
    QT_TRANSLATE_NOOP("Physics", "The block stands in the way. Dive under the dipole with just a little more than the speed that would "
                                 "make it fall in (C slightly above 0): it swings round the dipole and escapes upwards, towards the target."),
    QT_TRANSLATE_NOOP("Physics", "Pushed away"),
    QT_TRANSLATE_NOOP("Physics", "You choose k (the k bar, from -2 to 2). With k > 0 the right side of the dipole pulls the charge into "
                                 "the red zone; flip the sign of k so that it pushes the charge away, round the end of the wall and down "
                                 "to the target."),
    # labels the app gives particles (app/presets.py _fan, ui/classroom.py, ui/panels/regime.py)
    QT_TRANSLATE_NOOP("Physics", "fan {angle}"),
    QT_TRANSLATE_NOOP("Physics", "map {number}"),
)
