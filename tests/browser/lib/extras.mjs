// A richer copy of the example site, so the checks also see what the example does not have
// yet: several notices (closing, closed, expired, with attachments, a table, footnotes,
// quotes, code and a long URL), a standalone page, and unit logos.

import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

/** The extra pages worth a screenshot: [name, path]. */
export const EXTRA_SHOWN = [["notice-2024", "notices/2024-roster/"], ["page", "about/"], ["notices", "notices/"],
  ["notices-page-2", "notices/page/2/"], ["notices-2024", "notices/2024/"], ["roster", "roster/"]];

const BODY = `各有关单位：

根据《CAPPVD支撑单位能力评定方法》[^method]，现将2024年度支撑单位名单公布如下。

## 一、名单

{{ roster(year=2024) }}

## 二、评定情况

| 星级 | 数量 | 说明 |
|---|---:|---|
| 三星 | 2 | 在漏洞发现、分析与处置方面综合能力突出，持续报送高质量原创漏洞的支撑单位，评定依据见https://cappvd.org.cn/home/special/very/long/path/that/should/wrap/on/phones |
| 二星 | 3 | 具备较强漏洞检测与处置能力 |

### （一）复核

> 对名单有异议的，请于公示期内书面反馈。

1. 提交复核申请；
2. 特设组复核；
3. 公布复核结果。

配置示例：\`bulletin build --now 2024-12-18\`

\`\`\`
bulletin build --base-url https://example.org/cappvd/ --now 2024-12-18
\`\`\`

[^method]: 评定办法见申报网址。
`;

const NOTICES = {
  "2024-roster.md": `---
title: 关于公布2024年度CAPPVD漏洞库支撑单位名单的通知
date: 2024-12-18 09:00
updated: 2024-12-20
source: CAPPVD漏洞库
issuer: 中国软件评测中心
doc_number: 评测〔2024〕88号
addressee: 各有关单位
category: 名单公示
tags: [支撑单位名单, CAPPVD]
description: 公布2024年度CAPPVD漏洞库支撑单位名单及评定情况。
expire_at: 2025-01-31
attachments:
  - { file: files/2024年度支撑单位名单.csv, label: 附件1：2024年度支撑单位名单 }
credits:
  - { role: 编辑, name: 漏洞管理与资质评估室 }
---
${BODY}`,
  "2025-training.md": `---
title: 关于举办2025年移动互联网APP安全漏洞治理培训的通知
date: 2025-02-20 15:00
category: 培训通知
description: 面向支撑单位的漏洞治理培训，报名即将截止。
deadline: 2025-03-05 17:00
---
请各支撑单位于截止时间前报名。
`,
  "2023-call.md": `---
title: 关于开展2023年CAPPVD漏洞库支撑单位遴选工作的通知
date: 2023-06-01 10:00
category: 支撑单位遴选
deadline: 2023-08-31
---
2023年度遴选工作已结束。
`,
};

const PAGE = `---
title: 关于本站
description: 本站发布CAPPVD漏洞库支撑单位遴选的通知、指南与名单。
updated: 2025-02-01
---

## 本站内容

本站由[主办单位](notices/2025-cappvd-call.md)维护。

### 通知公告

发布遴选通知与名单公示。

### 支撑单位名单

| 年度 | 三星 | 二星 | 一星 | 合计 |
|---|---|---|---|---|
| 2023 | 1 | 2 | 3 | 6 |
| 2024 | 2 | 3 | 5 | 10 |

## 联系方式

{{ contacts() }}
`;

/** Copies the site at `root` to `dest` and adds the extra notices, page, file and logos,
 * and pages the notice list two at a time. */
export function writeExtras(root, dest) {
  for (const dir of ["content", "data", "templates"]) {
    cpSync(join(root, dir), join(dest, dir), { recursive: true });
  }
  for (const [name, text] of Object.entries(NOTICES)) {
    writeFileSync(join(dest, "content", "notices", name), text);
  }
  writeFileSync(join(dest, "content", "about.md"), PAGE);
  mkdirSync(join(dest, "content", "files"), { recursive: true });
  writeFileSync(join(dest, "content", "files", "2024年度支撑单位名单.csv"), "星级,单位\n三星,示例单位甲\n");
  mkdirSync(join(dest, "data", "logos"), { recursive: true });
  const units = join(dest, "data", "units.yaml");
  let yaml = readFileSync(units, "utf8");
  for (const [id, colour] of [["example-a", [179, 38, 30]], ["example-b", [29, 79, 145]]]) {
    writeFileSync(join(dest, "data", "logos", `${id}.png`), png(480, 160, colour));
    yaml = yaml.replace(`{ id: ${id},`, `{ id: ${id}, logo: logos/${id}.png,`);
  }
  writeFileSync(units, yaml);
  // Two notices a page: the list gets a paginator and, over three years, a list per year.
  const site = join(dest, "data", "site.yaml");
  writeFileSync(site, readFileSync(site, "utf8") + "notices_per_page: 2\n");
}

/** A `width` x `height` RGB PNG: a coloured band on white, enough to look like a logo. */
function png(width, height, [r, g, b]) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 255);
    row[0] = 0;
    for (let x = 0; x < width; x++) {
      if (y > height / 4 && y < (3 * height) / 4 && x > width / 8 && x < (7 * width) / 8) {
        row.set([r, g, b], 1 + x * 3);
      }
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function crc32(bytes) {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
