"""The SOP cycle: one procedure of one agency's SOP, walked step by step for one period.

``naskah cycle start/status/advance/decide/report``. A cycle (agency, procedure, periode)
begins at the procedure's first step and records, for every step it passes, when it started
and ended, who completed it, a note and — at a decision step — the Sekretaris' YA/TIDAK
(:mod:`.store`). When a step completes, the documents it produces are rendered and archived at
once through the same pipeline as ``naskah run`` (:mod:`.documents`); after TIDAK the cycle
goes back to the step the SOP names (:attr:`naskah.model.Keputusan.tidak`) for a new pass, and
the documents of the next pass are new versions. :mod:`.timing` compares each step's time with
its mutu baku; :mod:`.chart` draws it.

The measured data comes from the collection store (:func:`naskah.collect.data.cycle_data`):
the cycle's input workbook for the indicator definitions, the accepted/checked revisions for
the period's realisasi.

(The package is ``naskah.sop_cycle`` because :mod:`naskah.cycle` already names the measured
data bundle of a run.)
"""

from __future__ import annotations

from naskah.errors import NaskahError


class CycleError(NaskahError):
    """A cycle request was refused (unknown cycle, a step that needs a decision, …)."""
