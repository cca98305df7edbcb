using System.Collections.Immutable;
using System.Globalization;

namespace Gimbal.Xds.Snapshots;

/// <summary>
/// All resources of one type, by name, with a version over all of them. A set made from the one
/// before it also knows which names differ between the two, so a stream that had the previous set
/// looks at those names only instead of at every resource it subscribes to.
/// </summary>
public sealed class XdsResourceSet
{
    // The version is a sum of per-resource hashes, so replacing a few resources updates it in O(changed)
    // and equal content gives an equal version whatever order the resources came in.
    private readonly ulong _sum;

    /// <summary>A set of <paramref name="resources"/>; for a repeated name the last one wins.</summary>
    public XdsResourceSet(string typeUrl, IEnumerable<XdsResource> resources)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, XdsResource>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (builder.TryGetValue(resource.Name, out var old))
            {
                _sum -= old.EntryHash;
            }

            builder[resource.Name] = resource;
            _sum += resource.EntryHash;
        }

        TypeUrl = typeUrl;
        Resources = builder.ToImmutable();
        Version = VersionOf(_sum, Resources.Count);
    }

    private XdsResourceSet(string typeUrl, ImmutableSortedDictionary<string, XdsResource> resources, ulong sum, string? previousVersion, ImmutableArray<string> changed)
    {
        TypeUrl = typeUrl;
        Resources = resources;
        _sum = sum;
        Version = VersionOf(sum, resources.Count);
        PreviousVersion = previousVersion;
        Changed = changed;
    }

    /// <summary>The xDS type URL of every resource in the set.</summary>
    public string TypeUrl { get; }

    /// <summary>Equal for equal content, so an unchanged type is never resent.</summary>
    public string Version { get; }

    /// <summary>The resources, in ordinal name order.</summary>
    public ImmutableSortedDictionary<string, XdsResource> Resources { get; }

    /// <summary>The version of the set this one was derived from, when <see cref="Changed"/> is known.</summary>
    internal string? PreviousVersion { get; }

    /// <summary>Names added, replaced or removed since <see cref="PreviousVersion"/>.</summary>
    internal ImmutableArray<string> Changed { get; } = [];

    /// <summary>This set with some resources replaced or added; the others are reused as they are.</summary>
    public XdsResourceSet With(IEnumerable<XdsResource> replaced)
    {
        var builder = Resources.ToBuilder();
        var sum = _sum;
        var changed = ImmutableArray.CreateBuilder<string>();
        foreach (var resource in replaced)
        {
            if (builder.TryGetValue(resource.Name, out var old))
            {
                if (old.Version == resource.Version)
                {
                    continue;
                }

                sum -= old.EntryHash;
            }

            builder[resource.Name] = resource;
            sum += resource.EntryHash;
            changed.Add(resource.Name);
        }

        return changed.Count == 0 ? this : new XdsResourceSet(TypeUrl, builder.ToImmutable(), sum, Version, changed.ToImmutable());
    }

    /// <summary>
    /// This set's resources, linked to <paramref name="previous"/>: the names that differ are found once
    /// here rather than by every stream.
    /// </summary>
    internal XdsResourceSet After(XdsResourceSet previous)
    {
        if (previous.Version == Version || previous.Version == PreviousVersion || previous.TypeUrl != TypeUrl)
        {
            return this;
        }

        var changed = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, resource) in Resources)
        {
            if (!previous.Resources.TryGetValue(name, out var old) || old.Version != resource.Version)
            {
                changed.Add(name);
            }
        }

        foreach (var name in previous.Resources.Keys)
        {
            if (!Resources.ContainsKey(name))
            {
                changed.Add(name);
            }
        }

        return new XdsResourceSet(TypeUrl, Resources, _sum, previous.Version, changed.ToImmutable());
    }

    private static string VersionOf(ulong sum, int count) =>
        XdsResource.Mix(sum ^ (ulong)count).ToString("x16", CultureInfo.InvariantCulture);
}
