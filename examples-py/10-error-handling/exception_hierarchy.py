# Card: custom exception classes and catch order - the first matching except wins, so list subclasses before their base
# region classes
class BankError(Exception):
    """Base class for every error this module raises."""


class InsufficientFundsError(BankError):
    def __init__(self, needed: int, available: int) -> None:
        super().__init__(f"need {needed}, have {available}")
        self.shortfall = needed - available


class AccountLockedError(BankError):
    pass
# endregion


def withdraw(balance: int, amount: int, locked: bool) -> int:
    if locked:
        raise AccountLockedError("account 42 is locked")
    if amount > balance:
        raise InsufficientFundsError(amount, balance)
    return balance - amount


# region core
for amount, locked in [(30, False), (80, False), (10, True)]:
    try:
        print(f"left: {withdraw(50, amount, locked)}")
    except InsufficientFundsError as e:  # most specific first
        print(f"short by {e.shortfall}: {e}")
    except BankError as e:  # every other BankError
        print(f"bank error: {e}")
# endregion
