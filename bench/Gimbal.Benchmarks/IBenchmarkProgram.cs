namespace Gimbal.Benchmarks;

/// <summary>
/// One benchmark program: prints the figures an issue asks for, side by side with its reference.
/// Found by reflection, so each area adds a file and nothing else.
/// </summary>
public interface IBenchmarkProgram
{
    /// <summary>The name given on the command line, e.g. "compile".</summary>
    string Name { get; }

    /// <summary>One line for the list printed by "--list".</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
