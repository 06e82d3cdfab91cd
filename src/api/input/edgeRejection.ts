import { AppError, type AppErrorCode } from '../../errors';

/**
 * Why the edge refused a request: the `reason` label of `booking_http_rejections_total` and the
 * `details.reason` of the error body. A closed list, so the metric's cardinality stays bounded.
 */
export type EdgeReason =
  | 'nul_byte'
  | 'lone_surrogate'
  | 'control_character'
  | 'too_long'
  | 'bad_encoding'
  | 'json_too_deep'
  | 'invalid_json'
  | 'forbidden_key'
  | 'unsupported_media_type';

export class EdgeRejection extends AppError {
  constructor(
    code: AppErrorCode,
    readonly reason: EdgeReason,
    message: string,
  ) {
    super(code, message, { reason });
  }
}
