"""The only part of `shared` that imports PySide6: application set-up, the task runner, common widgets."""
