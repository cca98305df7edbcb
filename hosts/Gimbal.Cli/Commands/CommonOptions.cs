using System.CommandLine;
using Gimbal.Core.Compilation;

namespace Gimbal.Cli.Commands;

/// <summary>Options every command shares: where the manifests are, the output format, the ingress class.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Files() => new("--file", "-f")
    {
        Description = "A manifest file or a folder of manifests (*.yaml, *.yml, *.json); repeatable.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string> Format(params string[] formats) => new Option<string>("--format", "-o")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong(formats);

    public static Option<string> IngressClass() => new("--ingress-class")
    {
        Description = "The ingress class Gimbal answers to.",
        DefaultValueFactory = _ => CompilerOptions.Default.IngressClassName,
    };
}
