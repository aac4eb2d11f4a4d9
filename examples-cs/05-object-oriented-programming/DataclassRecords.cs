// Card: record vs @dataclass(frozen=True) - value equality and hashing for free; `with { ... }` becomes dataclasses.replace()
#region core
var price = new Money(10);
var raised = price with { Amount = 12 };
Console.WriteLine($"{price == new Money(10, "EUR")} {price == raised}");
var labels = new Dictionary<Money, string> { [price] = "ten" };
Console.WriteLine(labels[new Money(10)]);
Console.WriteLine($"{raised.Amount} {raised.Currency} {price.Amount}");
#endregion

#region types
record Money(int Amount, string Currency = "EUR");  // a record class: immutable, value equality
#endregion
