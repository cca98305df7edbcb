namespace Gimbal.Yarp.FastLane.Http;

/// <summary>
/// Follows a chunked body as its bytes pass through, only to find where it ends (the bytes are
/// relayed unchanged). Trailers are skipped over like any other line.
/// </summary>
internal struct ChunkedBodyScanner
{
    private State _state;
    private long _remaining;
    private bool _sawDigit;
    private bool _lineEmpty;

    private enum State
    {
        Size,
        Extension,
        SizeLineFeed,
        Data,
        DataCarriageReturn,
        DataLineFeed,
        TrailerLine,
        TrailerLineFeed,
        Done,
    }

    public readonly bool IsComplete => _state == State.Done;

    public void Reset() => this = default;

    /// <summary>Consumes bytes of the body; returns how many belong to it (fewer than given once it ended), or -1 when malformed.</summary>
    public int Consume(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            if (_state == State.Data)
            {
                var take = (int)Math.Min(_remaining, data.Length - i);
                i += take;
                _remaining -= take;
                if (_remaining == 0)
                {
                    _state = State.DataCarriageReturn;
                }

                continue;
            }

            var c = data[i++];
            switch (_state)
            {
                case State.Size:
                    if (HexValue(c) is var digit and >= 0)
                    {
                        if (_remaining > (long.MaxValue >> 5))
                        {
                            return -1;
                        }

                        _remaining = (_remaining << 4) | (uint)digit;
                        _sawDigit = true;
                    }
                    else if (c == (byte)'\r' && _sawDigit)
                    {
                        _state = State.SizeLineFeed;
                    }
                    else if (c is (byte)';' or (byte)' ' or (byte)'\t' && _sawDigit)
                    {
                        _state = State.Extension;
                    }
                    else
                    {
                        return -1;
                    }

                    break;
                case State.Extension:
                    if (c == (byte)'\r')
                    {
                        _state = State.SizeLineFeed;
                    }

                    break;
                case State.SizeLineFeed:
                    if (c != (byte)'\n')
                    {
                        return -1;
                    }

                    _sawDigit = false;
                    _state = _remaining == 0 ? State.TrailerLine : State.Data;
                    _lineEmpty = true;
                    break;
                case State.DataCarriageReturn:
                    if (c != (byte)'\r')
                    {
                        return -1;
                    }

                    _state = State.DataLineFeed;
                    break;
                case State.DataLineFeed:
                    if (c != (byte)'\n')
                    {
                        return -1;
                    }

                    _state = State.Size;
                    break;
                case State.TrailerLine:
                    if (c == (byte)'\r')
                    {
                        _state = State.TrailerLineFeed;
                    }
                    else
                    {
                        _lineEmpty = false;
                    }

                    break;
                case State.TrailerLineFeed:
                    if (c != (byte)'\n')
                    {
                        return -1;
                    }

                    _state = _lineEmpty ? State.Done : State.TrailerLine;
                    _lineEmpty = true;
                    break;
            }
        }

        return i;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
