"""XML and zip plumbing for Word and Excel, used in both directions.

Writers (:mod:`musforms.render`) and readers (:mod:`musforms.answers`) meet
here and nowhere else: the content-control XML (:mod:`.sdt`), the payload that
identifies a form inside a file (:mod:`.payload`), safe reading of untrusted
zips and XML (:mod:`.safezip`), fast writing of many near-identical zips
(:mod:`.zipfast`), and the hidden sheet's layout and cell values of a workbook
(:mod:`.xlsx_map`, :mod:`.xlsx_values`). Nothing here knows a form or a bank.
"""
