// Brings the lab up before lab tests and down after them.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
