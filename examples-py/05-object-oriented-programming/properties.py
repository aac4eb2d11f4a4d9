# Card: properties vs @property - callers still write acct.balance (no parentheses); validate in the setter, store in _balance
# region core
class Account:
    def __init__(self, owner: str, balance: int = 0) -> None:
        self.owner = owner        # plain attribute = public auto-property
        self.balance = balance    # runs the setter below

    @property
    def balance(self) -> int:
        return self._balance      # "_" = private by convention only

    @balance.setter
    def balance(self, value: int) -> None:
        if value < 0:
            raise ValueError("balance cannot be negative")
        self._balance = value

    @property
    def label(self) -> str:       # getter only: read-only, computed
        return f"{self.owner}: {self._balance}"
# endregion


acct = Account("ada", 10)
acct.balance += 5
print(acct.label)
try:
    acct.balance = -1
except ValueError as e:
    print(f"rejected: {e}")
try:
    Account("bob", -5)
except ValueError as e:
    print(f"rejected: {e}")
print(acct.balance)
