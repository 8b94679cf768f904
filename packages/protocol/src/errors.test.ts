import { describe, expect, it } from 'vitest';
import {
  OSS_ERRORS,
  OssProtocolError,
  decodeErrHeader,
  encodeErrHeader,
  ossError,
  parseErrorXml,
  renderErrorXml,
} from './errors.js';

// docs/rest-api.md §5.6: real capture from Python tests/test_mock_object.py (status 404).
const NO_SUCH_KEY_CAPTURE = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The specified key does not exist.</Message>
  <RequestId>566B6C3D6086505A0CFF0F68</RequestId>
  <HostId>ming-oss-share.oss-cn-hangzhou.aliyuncs.com</HostId>
  <Key>sbowspxjhmccpmesjqcwagfw</Key>
</Error>`;

// docs/callback-protocol.md §3.3: alibabacloud-oss-go-sdk-v2 oss/client_mock_test.go.
const CALLBACK_FAILED_CAPTURE = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>CallbackFailed</Code>
  <Message>Error status : 301.</Message>
  <RequestId>5C3D9175B6FC201293AD****</RequestId>
  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <EC>0007-00000203</EC>
  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0007-00000203</RecommendDoc>
</Error>`;

// docs/callback-protocol.md §1.7: troubleshooting doc example (no declaration; the ArgumentValue holds raw quotes).
const INVALID_ARGUMENT_EXAMPLE = `<Error>
  <Code>InvalidArgument</Code>
  <Message>The callback configuration is not json format.</Message>
  <RequestId>587C79A3DD373E2676F73ECE</RequestId>
  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <ArgumentName>callback</ArgumentName>
  <ArgumentValue>{"callbackUrl":"8.8.8.8:9090","callbackBody":"{"bucket":\${bucket},"object":\${object}}","callbackBodyType":"application/json"}</ArgumentValue>
</Error>`;

describe('OSS_ERRORS (docs/rest-api.md §5.6)', () => {
  it('has the documented status for every code of the §5.6 table', () => {
    const expected: Record<string, number> = {
      AccessDenied: 403,
      BucketAlreadyExists: 409,
      BucketNotEmpty: 409,
      CallbackFailed: 203,
      EntityTooLarge: 400,
      EntityTooSmall: 400,
      InvalidAccessKeyId: 403,
      InvalidArgument: 400,
      InvalidBucketName: 400,
      InvalidDigest: 400,
      InvalidObjectName: 400,
      InvalidPart: 400,
      InvalidPartOrder: 400,
      InvalidRange: 416,
      MalformedXML: 400,
      MethodNotAllowed: 405,
      MissingContentLength: 411,
      NoSuchBucket: 404,
      NoSuchKey: 404,
      NoSuchUpload: 404,
      NotImplemented: 501,
      ObjectNotAppendable: 409,
      PositionNotEqualToLength: 409,
      PreconditionFailed: 412,
      RequestTimeTooSkewed: 403,
      RequestTimeout: 400,
      SignatureDoesNotMatch: 403,
      // Needed by the emulator beyond the table (§5.7, §5.11).
      FileAlreadyExists: 409,
      FieldItemTooLong: 400,
      MaxPOSTPreDataLengthExceededError: 400,
      IncorrectNumberOfFilesInPOSTRequest: 400,
      RequestIsNotMultiPartContent: 400,
      MalformedPOSTRequest: 400,
      InvalidPolicyDocument: 400,
      IncompleteBody: 400,
      InternalError: 500,
    };
    for (const [code, status] of Object.entries(expected)) expect(OSS_ERRORS[code]?.status, code).toBe(status);
  });

  it('keeps the documented messages verbatim', () => {
    expect(OSS_ERRORS.NoSuchKey?.message).toBe('The specified key does not exist.');
    expect(OSS_ERRORS.MalformedXML?.message).toBe(
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
    expect(OSS_ERRORS.InvalidPart?.message).toBe(
      "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
    );
    expect(OSS_ERRORS.PositionNotEqualToLength?.message).toBe('Position is not equal to file length');
    expect(OSS_ERRORS.MalformedPOSTRequest?.message).toBe(
      'The body of your POST request is not well-formed multipart/form-data.',
    );
  });
});

describe('OssProtocolError', () => {
  it('takes status, message and EC from the table', () => {
    const err = new OssProtocolError('NoSuchBucket');
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(404);
    expect(err.message).toBe('The specified bucket does not exist.');
    expect(err.ec).toBe('0015-00000101');
    expect(err.details).toEqual({});
    expect(new OssProtocolError('CallbackFailed').status).toBe(203);
  });

  it('lets options override the table and carries the cause', () => {
    const cause = new Error('boom');
    const err = ossError('InvalidArgument', {
      message: 'custom',
      ec: '0007-00000002',
      status: 401,
      details: { ArgumentName: 'callback' },
      cause,
    });
    expect(err).toBeInstanceOf(OssProtocolError);
    expect([err.code, err.message, err.ec, err.status, err.cause]).toEqual([
      'InvalidArgument',
      'custom',
      '0007-00000002',
      401,
      cause,
    ]);
    expect(err.details).toEqual({ ArgumentName: 'callback' });
  });

  it('sends no EC when ec is explicitly undefined', () => {
    expect(new OssProtocolError('CallbackFailed').ec).toBe('0007-00000203');
    expect(new OssProtocolError('CallbackFailed', { ec: undefined }).ec).toBeUndefined();
  });

  it('falls back to the code and 400 for unknown codes', () => {
    const err = new OssProtocolError('SomethingNew');
    expect([err.message, err.status, err.ec]).toEqual(['SomethingNew', 400, undefined]);
  });

  it('builds the error document', () => {
    const doc = ossError('NoSuchKey', { details: { Key: 'k' } }).toDocument('RID', 'b.localhost');
    expect(doc).toEqual({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      requestId: 'RID',
      hostId: 'b.localhost',
      details: { Key: 'k' },
      // OSS's EC for a missing object.
      ec: '0026-00000001',
    });
  });

  it('carries the documented EC of each code by default (OSS EC pages, cited in errors.ts)', () => {
    const documented: Record<string, string> = {
      AccessDenied: '0003-00000001',
      BucketAlreadyExists: '0015-00000102',
      FileAlreadyExists: '0026-00000002',
      InvalidAccessKeyId: '0002-00000902',
      InvalidBucketName: '0015-00000001',
      InvalidEncryptionAlgorithmError: '0005-00000003',
      InvalidObjectName: '0016-00000002',
      InvalidTag: '0010-00000217',
      MalformedXML: '0031-00000001',
      NoSuchBucket: '0015-00000101',
      NoSuchKey: '0026-00000001',
      NoSuchUpload: '0042-00000002',
      ObjectNotAppendable: '0026-00000017',
      PositionNotEqualToLength: '0026-00000016',
    };
    for (const [code, ec] of Object.entries(documented)) expect([code, ossError(code).ec]).toEqual([code, ec]);
  });
});

describe('renderErrorXml', () => {
  it('renders the §3.3 CallbackFailed capture byte for byte', () => {
    const xml = renderErrorXml({
      code: 'CallbackFailed',
      message: 'Error status : 301.',
      requestId: '5C3D9175B6FC201293AD****',
      hostId: 'bucket.oss-cn-hangzhou.aliyuncs.com',
      ec: '0007-00000203',
    });
    expect(xml.trimEnd()).toBe(CALLBACK_FAILED_CAPTURE);
  });

  it('renders the §5.6 NoSuchKey capture byte for byte, details after HostId', () => {
    const xml = renderErrorXml({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      requestId: '566B6C3D6086505A0CFF0F68',
      hostId: 'ming-oss-share.oss-cn-hangzhou.aliyuncs.com',
      details: { Key: 'sbowspxjhmccpmesjqcwagfw' },
    });
    expect(xml.trimEnd()).toBe(NO_SUCH_KEY_CAPTURE);
  });

  it('renders the §1.7 InvalidArgument example, quotes in ArgumentValue left as they are', () => {
    const doc = parseErrorXml(INVALID_ARGUMENT_EXAMPLE);
    expect(doc).toBeDefined();
    const xml = renderErrorXml(doc!);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml.slice(xml.indexOf('\n') + 1).trimEnd()).toBe(INVALID_ARGUMENT_EXAMPLE);
  });

  it('escapes markup, keeps newlines and CR, and never emits invalid XML', () => {
    const message = 'Invalid according to Policy:\nPolicy Condition failed: ["eq", "$key", "a<b&c\'d"]\r\n';
    const doc = {
      code: 'AccessDenied',
      message,
      requestId: 'R',
      hostId: 'h',
      ec: '0006-00000227',
      details: { ArgumentValue: 'nul\u0000here', 'bad name': 'x', Code: 'dup' },
    };
    const xml = renderErrorXml(doc);
    expect(xml).toContain(`"$key", "a&lt;b&amp;c'd"`);
    expect(xml).not.toContain('bad name');
    expect(xml.match(/<Code>/g)).toHaveLength(1);
    const parsed = parseErrorXml(xml);
    expect(parsed?.message).toBe(message);
    expect(parsed?.details).toEqual({ ArgumentValue: 'nul\uFFFDhere' });
    expect(parsed?.ec).toBe('0006-00000227');
  });
});

describe('parseErrorXml', () => {
  it('parses the §5.6 NoSuchKey capture', () => {
    expect(parseErrorXml(NO_SUCH_KEY_CAPTURE)).toEqual({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      requestId: '566B6C3D6086505A0CFF0F68',
      hostId: 'ming-oss-share.oss-cn-hangzhou.aliyuncs.com',
      details: { Key: 'sbowspxjhmccpmesjqcwagfw' },
    });
  });

  it('parses the §3.3 CallbackFailed capture (EC, RecommendDoc not a detail)', () => {
    expect(parseErrorXml(CALLBACK_FAILED_CAPTURE)).toEqual({
      code: 'CallbackFailed',
      message: 'Error status : 301.',
      requestId: '5C3D9175B6FC201293AD****',
      hostId: 'bucket.oss-cn-hangzhou.aliyuncs.com',
      ec: '0007-00000203',
    });
  });

  it('parses the §1.7 InvalidArgument example with ArgumentName/ArgumentValue', () => {
    const doc = parseErrorXml(INVALID_ARGUMENT_EXAMPLE);
    expect(doc?.code).toBe('InvalidArgument');
    expect(doc?.message).toBe('The callback configuration is not json format.');
    expect(doc?.details).toEqual({
      ArgumentName: 'callback',
      ArgumentValue:
        '{"callbackUrl":"8.8.8.8:9090","callbackBody":"{"bucket":${bucket},"object":${object}}","callbackBodyType":"application/json"}',
    });
  });

  it('keeps numeric-looking values as strings', () => {
    const doc = parseErrorXml('<Error><Code>NoSuchKey</Code><Message>1e3</Message><Key>0123</Key></Error>');
    expect(doc?.message).toBe('1e3');
    expect(doc?.details).toEqual({ Key: '0123' });
  });

  it('returns undefined for anything that is not an Error document', () => {
    for (const text of [
      '',
      'not xml',
      '<html><body>502 Bad Gateway</body></html>',
      '<Error><Code>X</Code>',
      '<Error><Message>no code</Message></Error>',
      '<Error><Code>A</Code></Error><Error><Code>B</Code></Error>',
      '<!DOCTYPE Error [<!ENTITY x "y">]><Error><Code>&x;</Code></Error>',
      '{"Status":"OK"}',
    ]) {
      expect(parseErrorXml(text), text).toBeUndefined();
    }
  });
});

describe('x-oss-err header (docs/rest-api.md §5.6)', () => {
  it('round-trips the error XML through Base64', () => {
    const header = encodeErrHeader(NO_SUCH_KEY_CAPTURE);
    expect(header).toBe(Buffer.from(NO_SUCH_KEY_CAPTURE, 'utf8').toString('base64'));
    expect(header).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const xml = decodeErrHeader(header);
    expect(xml).toBe(NO_SUCH_KEY_CAPTURE);
    expect(parseErrorXml(xml ?? '')?.code).toBe('NoSuchKey');
  });

  it('round-trips non-ASCII text', () => {
    const xml = renderErrorXml({ code: 'NoSuchKey', message: 'm', requestId: 'r', hostId: 'h', details: { Key: '中文 ✓' } });
    expect(parseErrorXml(decodeErrHeader(encodeErrHeader(xml)) ?? '')?.details).toEqual({ Key: '中文 ✓' });
  });

  it('rejects values that are not Base64', () => {
    expect(decodeErrHeader('')).toBeUndefined();
    expect(decodeErrHeader('not base64!')).toBeUndefined();
  });
});
