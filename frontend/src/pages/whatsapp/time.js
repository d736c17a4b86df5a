// Durations for the WhatsApp page: "12 s", "3 min", "2 h 5 min", "3 days 4 h".

/** The Date of an RFC 3339 timestamp, or null when it is missing or Go's zero time. */
export function parseTime(rfc3339) {
  if (!rfc3339) return null;
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) || date.getFullYear() < 2000 ? null : date;
}

/** A length of time in words, rounded down to its two largest units. */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const unit = days === 1 ? 'day' : 'days';
  return hours % 24 ? `${days} ${unit} ${hours % 24} h` : `${days} ${unit}`;
}
