// Card: properties vs @property - callers still write acct.balance (no parentheses); validate in the setter, store in _balance
var acct = new Account("ada", 10);
acct.Balance += 5;
Console.WriteLine(acct.Label);
try
{
    acct.Balance = -1;
}
catch (ArgumentException e)
{
    Console.WriteLine($"rejected: {e.Message}");
}
try
{
    new Account("bob", -5);
}
catch (ArgumentException e)
{
    Console.WriteLine($"rejected: {e.Message}");
}
Console.WriteLine(acct.Balance);

#region core
class Account
{
    public Account(string owner, int balance = 0)
    {
        Owner = owner;
        Balance = balance;        // goes through the setter
    }

    public string Owner { get; set; }

    public int Balance
    {
        get => field;             // C# 14 `field`: the compiler's backing field
        set => field = value >= 0 ? value : throw new ArgumentException("balance cannot be negative");
    }

    public string Label => $"{Owner}: {Balance}";
}
#endregion
