"""The rules of the front office, in plain Python: no Textual, no SQL.

Times are UTC epoch milliseconds; days are Europe/Amsterdam calendar days.
"""
