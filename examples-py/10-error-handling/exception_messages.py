# Card: str(e) vs e.Message, add_note vs Data - build the message in __init__; str(KeyError("k")) would add quotes
# region core
class ValidationError(Exception):
    def __init__(self, field: str, value: int) -> None:
        super().__init__(f"{field} must be >= 0, got {value}")  # becomes str(e)
        self.field = field


def validate_age(age: int) -> None:
    if age < 0:
        raise ValidationError("age", age)


def import_row(row: int, age: int) -> None:
    try:
        validate_age(age)
    except ValidationError as e:
        e.add_note(f"while importing row {row}")  # Python 3.11+
        raise


try:
    import_row(3, -5)
except ValidationError as e:
    print(f"message: {e}")
    print(f"field: {e.field}")
    for note in e.__notes__:
        print(f"note: {note}")
# endregion
