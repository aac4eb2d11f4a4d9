// Card: int/long/BigInteger vs int - a Python int never overflows, a C# int silently wraps around
using System.Numerics;

#region core
int n = int.MaxValue;
Console.WriteLine((long)n + 1);                  // widen first to get 2147483648
Console.WriteLine(n + 1);                        // unchecked by default: wraps
Console.WriteLine(BigInteger.Pow(2, 100));
Console.WriteLine(Enumerable.Range(1, 25).Aggregate(BigInteger.One, (acc, i) => acc * i));
try
{
    Console.WriteLine(checked(n + 1));
}
catch (OverflowException)
{
    Console.WriteLine("overflow: does not fit in 32 bits");
}
#endregion
