namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>
/// How to authenticate to Keystone v3, as the OS_* environment variables of the OpenStack clients say:
/// a password (user name in a user domain, scoped to a project by name in a project domain) or an
/// application credential (which carries its own project scope).
/// </summary>
public sealed record OpenStackCredentials
{
    /// <summary>The domain used when OS_USER_DOMAIN_NAME or OS_PROJECT_DOMAIN_NAME is not set: "Default".</summary>
    public const string DefaultDomain = "Default";

    /// <summary>OS_AUTH_URL, e.g. https://keystone.example.com:5000/v3 (the "/v3" may be left out).</summary>
    public string? AuthUrl { get; init; }

    /// <summary>OS_USERNAME: the user of password authentication.</summary>
    public string? Username { get; init; }

    /// <summary>OS_PASSWORD: the password of <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>OS_PROJECT_NAME, or the older OS_TENANT_NAME.</summary>
    public string? ProjectName { get; init; }

    /// <summary>OS_USER_DOMAIN_NAME: the domain of <see cref="Username"/>; "Default" when unset.</summary>
    public string UserDomainName { get; init; } = DefaultDomain;

    /// <summary>OS_PROJECT_DOMAIN_NAME: the domain of <see cref="ProjectName"/>; "Default" when unset.</summary>
    public string ProjectDomainName { get; init; } = DefaultDomain;

    /// <summary>OS_APPLICATION_CREDENTIAL_ID: authenticate with an application credential instead of a password.</summary>
    public string? ApplicationCredentialId { get; init; }

    /// <summary>OS_APPLICATION_CREDENTIAL_SECRET: the secret of <see cref="ApplicationCredentialId"/>.</summary>
    public string? ApplicationCredentialSecret { get; init; }

    /// <summary>OS_REGION_NAME: when set, only catalog endpoints of this region are used.</summary>
    public string? RegionName { get; init; }

    /// <summary>OS_INTERFACE: which catalog endpoint interface to call (public, internal or admin).</summary>
    public string Interface { get; init; } = "public";

    /// <summary>Application credentials win when both kinds are given, as in the OpenStack clients' "v3applicationcredential" auth type.</summary>
    public bool UsesApplicationCredential => !string.IsNullOrEmpty(ApplicationCredentialId);

    /// <summary>Reads the OS_* variables through <paramref name="read"/> (e.g. Environment.GetEnvironmentVariable).</summary>
    public static OpenStackCredentials FromEnvironment(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        string? Get(string name) => read(name) is { Length: > 0 } value ? value : null;

        return new OpenStackCredentials
        {
            AuthUrl = Get("OS_AUTH_URL"),
            Username = Get("OS_USERNAME"),
            Password = Get("OS_PASSWORD"),
            ProjectName = Get("OS_PROJECT_NAME") ?? Get("OS_TENANT_NAME"),
            UserDomainName = Get("OS_USER_DOMAIN_NAME") ?? DefaultDomain,
            ProjectDomainName = Get("OS_PROJECT_DOMAIN_NAME") ?? DefaultDomain,
            ApplicationCredentialId = Get("OS_APPLICATION_CREDENTIAL_ID"),
            ApplicationCredentialSecret = Get("OS_APPLICATION_CREDENTIAL_SECRET"),
            RegionName = Get("OS_REGION_NAME"),
            Interface = NormaliseInterface(Get("OS_INTERFACE")) ?? "public",
        };
    }

    /// <summary>What is missing or wrong; empty when the credentials can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(AuthUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("OS_AUTH_URL must be an absolute http or https URL");
        }

        if (UsesApplicationCredential)
        {
            if (string.IsNullOrEmpty(ApplicationCredentialSecret))
            {
                problems.Add("OS_APPLICATION_CREDENTIAL_SECRET is required with OS_APPLICATION_CREDENTIAL_ID");
            }
        }
        else
        {
            if (string.IsNullOrEmpty(Username))
            {
                problems.Add("OS_USERNAME is required (or OS_APPLICATION_CREDENTIAL_ID and _SECRET)");
            }

            if (string.IsNullOrEmpty(Password))
            {
                problems.Add("OS_PASSWORD is required with OS_USERNAME");
            }

            if (string.IsNullOrEmpty(ProjectName))
            {
                problems.Add("OS_PROJECT_NAME (or OS_TENANT_NAME) is required with OS_USERNAME");
            }
        }

        if (Interface is not ("public" or "internal" or "admin"))
        {
            problems.Add($"interface \"{Interface}\" must be public, internal or admin");
        }

        return problems;
    }

    /// <summary>The Keystone v3 root: OS_AUTH_URL with "/v3" appended when it does not name a version.</summary>
    public Uri IdentityV3Url()
    {
        var text = (AuthUrl ?? throw new InvalidOperationException("OS_AUTH_URL is not set")).TrimEnd('/');
        if (!text.EndsWith("/v3", StringComparison.Ordinal))
        {
            text += "/v3";
        }

        return new Uri(text + "/");
    }

    // The clients accept "publicURL" and friends from the Keystone v2 days.
    private static string? NormaliseInterface(string? value) => value?.ToLowerInvariant() switch
    {
        null => null,
        "publicurl" => "public",
        "internalurl" => "internal",
        "adminurl" => "admin",
        var other => other,
    };
}
