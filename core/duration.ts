/** Minutes as a short duration: "5 min", "28 h", "27 h 30 min", "7 d 4 h"; null: "unbounded". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return 'unbounded';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 72) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  const days = Math.floor(hours / 24);
  const hoursLeft = hours % 24;
  const parts = [`${days} d`];
  if (hoursLeft > 0) parts.push(`${hoursLeft} h`);
  if (rest > 0) parts.push(`${rest} min`);
  return parts.join(' ');
}
