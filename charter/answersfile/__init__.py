"""The answers file (format 1): read and check one (`read`, `check`), write one (`write`), describe it
as JSON Schema (`schema`). Every rule comes from the questionnaire and the question types."""
