# Card: raise ... from e vs new Exception(message, inner) - the original error becomes __cause__, like InnerException
class ConfigError(Exception):
    pass


# region core
def parse_port(text: str) -> int:
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError(f"bad port '{text}'") from e  # e becomes __cause__


for text in ["8080", "80x"]:
    try:
        print(f"port {parse_port(text)}")
    except ConfigError as e:
        print(f"config error: {e}")
        print(f"cause is the parse error: {isinstance(e.__cause__, ValueError)}")
# endregion
