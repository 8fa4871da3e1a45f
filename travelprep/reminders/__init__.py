"""Email reminders of checklist items due soon or overdue (`travelprep reminders send`).

- `plan`: which items of which trips to remind about today (pure).
- `mail`: the message from templates (plain text and HTML), and SMTP delivery.
- `job`: record each reminder once (unique key), queue one message per traveler in the
  outbox, and deliver what the outbox holds.
"""
