export function TokenField({ value, onChange }: Props) {
  return (
    <label>
      API token
      <input type="password" value={value} onChange={onChange} placeholder="Paste your API token" />
    </label>
  );
}
