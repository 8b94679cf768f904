/**
 * Which query parameters V1 signs as sub-resources (docs/rest-api.md §5.3): the union of Go v1
 * `signKeyList` and Python `_subresource_key_set`, plus every parameter starting with `x-oss-`
 * (Go v2 signs those).
 */
const V1_SUB_RESOURCES: ReadonlySet<string> = new Set(
  `acl uploads location cors logging website referer lifecycle delete append tagging objectMeta
uploadId partNumber security-token position img style styleName replication replicationProgress
replicationLocation cname bucketInfo comp qos live status vod startTime endTime symlink
x-oss-process response-content-type response-content-language response-expires
response-cache-control response-content-disposition response-content-encoding udf udfName udfImage
udfId udfImageDesc udfApplication udfApplicationLog restore callback callback-var qosInfo policy
stat encryption versions versioning versionId requestPayment x-oss-request-payer sequential
inventory inventoryId continuation-token asyncFetch worm wormId wormExtend withHashContext
x-oss-enable-md5 x-oss-enable-sha1 x-oss-enable-sha256 x-oss-hash-ctx x-oss-md5-ctx
transferAcceleration regionList cloudboxes x-oss-ac-source-ip x-oss-ac-subnet-mask x-oss-ac-vpc-id
x-oss-ac-forward-allow metaQuery resourceGroup rtc x-oss-async-process responseHeader objectInfo
group link x-oss-traffic-limit x-oss-write-get-object-response accessPoint publicAccessBlock`.split(/\s+/),
);

/**
 * Whether a query parameter is part of the V1 CanonicalizedResource. Names are case-sensitive,
 * as in the SDKs: `?ACL` is not signed.
 *
 * @example
 * isV1SubResource('acl'); // true
 * isV1SubResource('prefix'); // false (listing parameters are not signed)
 */
export function isV1SubResource(name: string): boolean {
  return V1_SUB_RESOURCES.has(name) || name.startsWith('x-oss-');
}
