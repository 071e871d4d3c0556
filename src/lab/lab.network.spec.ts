import { LabNetwork, stationAddressKey, stationHost } from './lab.network';

const dns = (table: Record<string, string[]>) => async (host: string) => {
  const found = table[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};

describe('the lab network allow-list (LAB_ALLOWED_HOSTS)', () => {
  test('default: loopback only (IPv4 127/8, ::1, localhost); private, link-local and public addresses are refused', async () => {
    const net = new LabNetwork(undefined, dns({ localhost: ['127.0.0.1', '::1'] }));
    expect(await net.allows('127.0.0.1')).toBe(true);
    expect(await net.allows('127.5.6.7')).toBe(true);
    expect(await net.allows('::1')).toBe(true);
    expect(await net.allows('[::1]')).toBe(true);
    expect(await net.allows('localhost')).toBe(true);
    for (const host of ['10.0.0.5', '192.168.1.1', '169.254.169.254', '8.8.8.8', '::ffff:10.0.0.5', 'fe80::1']) expect(await net.allows(host)).toBe(false);
  });

  test('a name is judged by what it resolves to: inside a CIDR passes, elsewhere (or not at all) is refused; a listed name passes as resolved', async () => {
    const net = new LabNetwork(
      '10.10.0.0/16, plc.campus',
      dns({ 'inside.campus': ['10.10.3.4'], 'outside.campus': ['10.11.0.1'], 'mixed.campus': ['10.10.0.1', '172.16.0.1'], 'plc.campus': ['192.168.7.7'] }),
    );
    expect(await net.allows('inside.campus')).toBe(true);
    expect(await net.allows('outside.campus')).toBe(false);
    expect(await net.allows('mixed.campus')).toBe(false);
    expect(await net.allows('unknown.campus')).toBe(false);
    expect(await net.allows('plc.campus')).toBe(true);
    expect(await net.allows('192.168.7.7')).toBe(true);
  });

  test('station hosts and address keys: Modbus host:port, the OPC UA endpoint host:port (default 4840), case-insensitive', () => {
    expect(stationHost({ host: 'PLC.Lab' })).toBe('plc.lab');
    expect(stationHost({ endpointUrl: 'opc.tcp://[::1]:4841/UA' })).toBe('::1');
    expect(stationAddressKey({ host: 'PLC.Lab', port: 502 })).toBe('plc.lab:502');
    expect(stationAddressKey({ endpointUrl: 'opc.tcp://Cell:4840/UA/A' })).toBe(stationAddressKey({ endpointUrl: 'opc.tcp://cell/UA/B' }));
    expect(stationAddressKey({ host: 'x' })).toBeUndefined();
  });
});
