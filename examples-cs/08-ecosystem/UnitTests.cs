// Card: xUnit runs [Fact] and [Theory]/[InlineData] as pytest runs plain test functions and @pytest.mark.parametrize rows; a runner reporter sees each test's result as a pytest plugin hook does, and one row fails on purpose
using Xunit;
using Xunit.Runner.Common;
using Xunit.Runner.InProc.SystemConsole;
using Xunit.Sdk;

[assembly: RegisterRunnerReporter(typeof(OutcomesReporter))]

#region run
// xUnit v3's in-process runner tests this assembly; "-reporter outcomes" hands every result
// to the reporter below instead of xUnit's own console report (which prints timings).
int exitCode = await ConsoleRunner.Run(["-reporter", "outcomes", "-noColor"]);
foreach (var (label, outcome) in Outcomes.Results.OrderBy(r => r.Key, StringComparer.Ordinal))
    Console.WriteLine($"{label}: {outcome}");
int passed = Outcomes.Results.Values.Count(o => o == "passed");
int failed = Outcomes.Results.Values.Count(o => o == "failed");
Console.WriteLine($"{passed} passed, {failed} failed");
Console.WriteLine($"exit code {exitCode}");
#endregion

static class Calculator
{
    public static int Add(int a, int b) => a + b;
}

#region tests
public class AddTests
{
    [Fact(DisplayName = "add is commutative")]
    public void AddIsCommutative() => Assert.Equal(Calculator.Add(3, 2), Calculator.Add(2, 3));

    [Theory]
    [InlineData(1, 2, 3, Label = "add(1, 2) == 3")]
    [InlineData(-1, 1, 0, Label = "add(-1, 1) == 0")]
    [InlineData(0, 0, 0, Label = "add(0, 0) == 0")]
    [InlineData(2, 2, 5, Label = "add(2, 2) == 5")]  // wrong on purpose: 2 + 2 is 4
    public void Add(int a, int b, int expected) => Assert.Equal(expected, Calculator.Add(a, b));
}
#endregion

#region plugin
// A runner reporter: the runner passes every message of the run to its handler.
public class OutcomesReporter : IRunnerReporter
{
    public string RunnerSwitch => "outcomes";
    public string Description => "collect each test's outcome";
    public bool ForceNoLogo => true;
    public bool CanBeEnvironmentallyEnabled => false;
    public bool IsEnvironmentallyEnabled => false;

    public ValueTask<IRunnerReporterMessageHandler> CreateMessageHandler(
        IRunnerLogger logger, IMessageSink? diagnosticMessageSink) => new(new Outcomes());
}

public class Outcomes : IRunnerReporterMessageHandler
{
    public static readonly Dictionary<string, string> Results = new();  // label -> outcome
    readonly Dictionary<string, string> labels = new();                 // test id -> label

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestStarting test:  // a row's Label, else the test's display name
                labels[test.TestUniqueID] = test.TestLabel ?? test.TestDisplayName;
                break;
            case ITestPassed result:
                Results[labels[result.TestUniqueID]] = "passed";
                break;
            case ITestFailed result:
                Results[labels[result.TestUniqueID]] = "failed";
                break;
        }
        return true;  // keep the run going
    }

    public ValueTask DisposeAsync() => default;
}
#endregion
