"""A charter's life: what changed between two versions, its revision history, batches of entities and
the reminder to review it. Sits between the document model (`charter.compose`) and the front door."""
