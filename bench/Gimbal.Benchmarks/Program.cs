using Gimbal.Benchmarks;

var programs = typeof(Program).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmarkProgram).IsAssignableFrom(t))
    .Select(t => (IBenchmarkProgram)Activator.CreateInstance(t)!)
    .OrderBy(p => p.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Gimbal.Benchmarks -- <name> [options]");
    foreach (var p in programs)
    {
        Console.WriteLine($"  {p.Name,-16} {p.Description}");
    }

    return args.Length == 0 ? 2 : 0;
}

var chosen = programs.FirstOrDefault(p => p.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; --list shows them");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await chosen.RunAsync(args[1..], cts.Token);

/// <summary>Entry point, named so benchmark programs can be found in this assembly.</summary>
public partial class Program;
