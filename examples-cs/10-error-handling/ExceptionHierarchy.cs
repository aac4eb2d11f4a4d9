// Card: custom exception classes and catch order - the first matching except wins, so list subclasses before their base
#region core
foreach (var (amount, locked) in new[] { (30, false), (80, false), (10, true) })
{
    try
    {
        Console.WriteLine($"left: {Withdraw(50, amount, locked)}");
    }
    catch (InsufficientFundsException e) // most specific first (the reverse order does not compile)
    {
        Console.WriteLine($"short by {e.Shortfall}: {e.Message}");
    }
    catch (BankException e)
    {
        Console.WriteLine($"bank error: {e.Message}");
    }
}
#endregion

static int Withdraw(int balance, int amount, bool locked)
{
    if (locked) throw new AccountLockedException("account 42 is locked");
    if (amount > balance) throw new InsufficientFundsException(amount, balance);
    return balance - amount;
}

#region classes
class BankException(string message) : Exception(message);

sealed class InsufficientFundsException(int needed, int available)
    : BankException($"need {needed}, have {available}")
{
    public int Shortfall { get; } = needed - available;
}

sealed class AccountLockedException(string message) : BankException(message);
#endregion
