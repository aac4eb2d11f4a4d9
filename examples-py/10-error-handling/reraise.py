# Card: bare raise vs throw; - both re-raise the same exception with its original traceback; Python has no throw-e trap
import traceback


def load() -> None:
    raise ValueError("bad header")


# region core
def import_file() -> None:
    try:
        load()
    except ValueError as e:
        print(f"log: {e}")
        raise  # like `throw;`: same object, traceback kept


try:
    import_file()
except ValueError as e:
    frames = [frame.name for frame in traceback.extract_tb(e.__traceback__)]
    print(f"caller sees: {e}")
    print(f"traceback still reaches load(): {'load' in frames}")
# endregion
