// Card: ToString() vs __str__/__repr__ - print() and f"{x}" use __str__, but a printed list shows each item's __repr__
List<Money> wallet = [new(5, "EUR"), new(7, "USD")];
Console.WriteLine(wallet[0]);
Console.WriteLine($"total: {wallet[1]}");
Console.WriteLine($"debug: {wallet[0].Repr()}");
Console.WriteLine($"[{string.Join(", ", wallet.Select(m => m.Repr()))}]"); // Console.WriteLine(wallet) prints the type name
Console.WriteLine(string.Join(", ", wallet));

#region core
class Money(int amount, string currency)
{
    public override string ToString() => $"{amount} {currency}";

    // C# has no repr protocol; this hand-written method is what Python calls for you
    public string Repr() => $"Money({amount}, '{currency}')";
}
#endregion
