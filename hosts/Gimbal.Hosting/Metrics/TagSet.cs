namespace Gimbal.Hosting.Metrics;

/// <summary>
/// Up to four tags held by value, so finding a measurement's series costs no allocation: the label
/// text is rendered once per new tag set, not per measurement. Larger tag sets fall back to the text.
/// </summary>
internal readonly record struct TagSet(
    int Count,
    string? K0, object? V0, string? K1, object? V1, string? K2, object? V2, string? K3, object? V3, string? Rendered)
{
    public const int MaxInline = 4;

    public static TagSet From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length > MaxInline)
        {
            return new TagSet(tags.Length, null, null, null, null, null, null, null, null, PrometheusNames.Labels(tags));
        }

        return new TagSet(
            tags.Length,
            tags.Length > 0 ? tags[0].Key : null, tags.Length > 0 ? tags[0].Value : null,
            tags.Length > 1 ? tags[1].Key : null, tags.Length > 1 ? tags[1].Value : null,
            tags.Length > 2 ? tags[2].Key : null, tags.Length > 2 ? tags[2].Value : null,
            tags.Length > 3 ? tags[3].Key : null, tags.Length > 3 ? tags[3].Value : null,
            null);
    }

    public string Render(ReadOnlySpan<KeyValuePair<string, object?>> tags) => Rendered ?? PrometheusNames.Labels(tags);
}
