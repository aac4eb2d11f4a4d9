// Card: operator overloading and IComparable<T> vs __add__/__eq__/__lt__/__hash__ - @total_ordering writes <=, >, >= for you
using System.Globalization;

#region use
List<Money> prices = [new(250), new(199), new(1000), new(199)];
Console.WriteLine(string.Join(", ", prices.Order()));        // Order() and Max() use IComparable<T>
Console.WriteLine($"{prices.Max()} {prices.Aggregate(new Money(0), (a, b) => a + b)}");
Console.WriteLine($"{new Money(199) <= new Money(250)} {new Money(250) >= new Money(1000)}");
Console.WriteLine($"{new Money(199) == new Money(199)} {new Money(199).Equals(199)}");
Console.WriteLine(prices.ToHashSet().Count);
#endregion

#region core
sealed class Money(int cents) : IComparable<Money>, IEquatable<Money>
{
    public int Cents { get; } = cents;

    public static Money operator +(Money a, Money b) => new(a.Cents + b.Cents);

    public int CompareTo(Money? other) => Cents.CompareTo(other!.Cents);
    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;   // all four, by hand:
    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;   // C# requires < with >
    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0; // and <= with >=
    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public bool Equals(Money? other) => other is not null && Cents == other.Cents;
    public override bool Equals(object? obj) => obj is Money m && Equals(m);
    public override int GetHashCode() => Cents.GetHashCode(); // CS0659 warns if you forget it
    public static bool operator ==(Money? a, Money? b) => a?.Equals(b) ?? b is null;
    public static bool operator !=(Money? a, Money? b) => !(a == b);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"${Cents / 100.0:F2}");
}
#endregion
