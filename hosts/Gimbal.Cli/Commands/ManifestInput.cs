using Gimbal.Core.Compilation;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Cli.Commands;

/// <summary>Reads the manifests a command names and compiles them; problems go to standard error.</summary>
internal static class ManifestInput
{
    public const int ExitOk = 0;
    public const int ExitErrors = 1;
    public const int ExitUsage = 2;

    public static async Task<CompileResult?> CompileAsync(string[] paths, string ingressClass, TextWriter error, CancellationToken cancellationToken)
    {
        ManifestReadResult read;
        try
        {
            read = await ManifestFiles.ReadAsync(paths, cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            await error.WriteLineAsync($"gimbal: {ex.Message}");
            return null;
        }

        foreach (var problem in read.Problems)
        {
            await error.WriteLineAsync($"warning: {problem}");
        }

        var compiler = new RouteCompiler(CompilerOptions.Default with { IngressClassName = ingressClass });
        return compiler.Compile(read.ToSnapshot());
    }
}
