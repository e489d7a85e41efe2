/* POST /segment: what POST /reports would store, without storing it. */
#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/enc.h"

void h_segment(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    struct h_report_input in;

    if (!h_params_known(rq, allowed, out))
        return;
    if (h_report_input_read(rq, &in, out))
        http_reply_json_steal(out, 200, enc_segmentation(in.seg));
    h_report_input_clear(&in);
}
