using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Manyi.Data;

/// <summary>Stores a DateTimeOffset as UTC ticks (an integer SQLite can order); read back as UTC, as Manyi stores every time.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter()
    : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
