using Gimbal.Discoverer.Commands;

namespace Gimbal.Discovery.Tests.OpenStack;

public sealed class OpenStackCommandTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["OS_AUTH_URL"] = "http://127.0.0.1:5000/v3",
        ["OS_USERNAME"] = "gimbal",
        ["OS_PASSWORD"] = "pw",
        ["OS_PROJECT_NAME"] = "admin",
    };

    [Fact]
    public void The_flags_parse_with_the_original_defaults()
    {
        var command = OpenStackCommand.Create(name => Environment.GetValueOrDefault(name));

        var result = command.Parse(["--backend-name", "openstack", "--openstack-project-watchlist", "team-a,team-b", "--reconciliation-period", "1m", "--http-client-timeout", "10s"]);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromMinutes(1), result.GetValue<TimeSpan>("--reconciliation-period"));
        Assert.Equal(TimeSpan.FromSeconds(10), result.GetValue<TimeSpan>("--http-client-timeout"));
        Assert.Equal(["team-a", "team-b"], OpenStackCommand.ProjectNames(result.GetValue<string[]>("--openstack-project-watchlist")));

        var defaults = command.Parse(["--backend-name", "openstack"]);
        Assert.Empty(defaults.Errors);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.GetValue<TimeSpan>("--reconciliation-period"));
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.GetValue<TimeSpan>("--http-client-timeout"));
    }

    [Fact]
    public void Missing_credentials_and_bad_flags_are_parse_errors()
    {
        var command = OpenStackCommand.Create(_ => null);

        var result = command.Parse(["--backend-name", "openstack", "--http-client-timeout", "soon", "--openstack-certificate-authority", "/nonexistent/ca.pem"]);

        var messages = result.Errors.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.Contains("OS_AUTH_URL", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("/nonexistent/ca.pem", StringComparison.Ordinal));

        var badDuration = OpenStackCommand.Create(name => Environment.GetValueOrDefault(name)).Parse(["--backend-name", "openstack", "--http-client-timeout", "soon"]);
        Assert.Contains(badDuration.Errors, e => e.Message.Contains("--http-client-timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void The_root_command_offers_openstack()
    {
        Assert.Contains(DiscovererCommand.Create().Subcommands, c => c.Name == "openstack");
    }
}
