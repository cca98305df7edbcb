using System.Collections.Immutable;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gimbal.Xds.Snapshots;

/// <summary>One named resource, packed once, with a version that changes exactly when its bytes do.</summary>
public sealed class XdsResource
{
    private XdsResource(string name, Any body, string version)
    {
        Name = name;
        Body = body;
        Version = version;
    }

    /// <summary>The resource's xDS name, e.g. the cluster or listener name.</summary>
    public string Name { get; }

    /// <summary>The resource packed as a protobuf Any, as sent in responses.</summary>
    public Any Body { get; }

    /// <summary>A hash of the packed bytes: equal for equal content, so an unchanged resource is never resent by delta streams.</summary>
    public string Version { get; }

    /// <summary>Packs <paramref name="message"/> once and computes its version.</summary>
    /// <param name="name">The resource's xDS name.</param>
    /// <param name="message">The Envoy message, e.g. a Cluster.</param>
    public static XdsResource Create(string name, IMessage message)
    {
        var body = Any.Pack(message);
        return new XdsResource(name, body, Hash(body.Value.Span));
    }

    internal static string Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}

/// <summary>All resources of one type, by name, with a version over all of them.</summary>
public sealed class XdsResourceSet
{
    /// <summary>A set of <paramref name="resources"/>, sorted by name; names must be unique.</summary>
    /// <param name="typeUrl">The resources' type URL, one of <see cref="Translation.TypeUrls"/>.</param>
    /// <param name="resources">The resources.</param>
    public XdsResourceSet(string typeUrl, IEnumerable<XdsResource> resources)
        : this(typeUrl, resources.ToImmutableSortedDictionary(r => r.Name, r => r, StringComparer.Ordinal))
    {
    }

    private XdsResourceSet(string typeUrl, ImmutableSortedDictionary<string, XdsResource> resources)
    {
        TypeUrl = typeUrl;
        Resources = resources;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var resource in Resources.Values)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(resource.Name));
            hash.AppendData([0]);
            hash.AppendData(System.Text.Encoding.ASCII.GetBytes(resource.Version));
        }

        Version = Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }

    /// <summary>The type URL of every resource in the set.</summary>
    public string TypeUrl { get; }

    /// <summary>This set with some resources replaced or added; the others are reused as they are.</summary>
    public XdsResourceSet With(IEnumerable<XdsResource> replaced) =>
        new(TypeUrl, Resources.SetItems(replaced.Select(r => KeyValuePair.Create(r.Name, r))));

    /// <summary>Equal for equal content, so an unchanged type is never resent.</summary>
    public string Version { get; }

    /// <summary>The resources by name, in ordinal name order.</summary>
    public ImmutableSortedDictionary<string, XdsResource> Resources { get; }
}
