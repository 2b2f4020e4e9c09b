"""What a counter is asked in words: why a visitor is called out of turn, and a note
for the colleague a visitor is sent on to. Both end up in the event log."""

from __future__ import annotations

from balie.dialogs.text_prompt import TextPromptDialog


def reason_dialog(ticket: str) -> TextPromptDialog:
    return TextPromptDialog(
        f"{ticket} buiten de beurt oproepen", "Reden (komt in het logboek)",
        placeholder="bijv. kan niet lang staan", required=True, max_length=60,
        enter_confirms=False,  # 'c' + a typed line + Enter must not call anyone
    )


def transfer_note_dialog(ticket: str, domain_label: str) -> TextPromptDialog:
    return TextPromptDialog(
        f"{ticket} naar {domain_label}",
        "Notitie voor de collega (optioneel, Enter om over te slaan)",
        placeholder="bijv. heeft uittreksel al", max_length=200,
    )
