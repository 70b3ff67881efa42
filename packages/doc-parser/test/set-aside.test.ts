import { describe, expect, it } from 'vitest';
import { cleanDocument, normalizeForMatch, parseDocument } from '../src/index.ts';
import { nonTaskReason } from '../src/tasks.ts';
import { expectOffsetsValid } from './helpers.ts';

// Sentences below are made up for these tests; they follow the common forms of speeches and notices.
const reason = (s: string) => nonTaskReason(normalizeForMatch(s));

describe('sentences that read like deployments but assign nothing', () => {
  it('sets aside cited words of higher authority and comments quoted from a leader', () => {
    expect(reason('总书记强调，要把人民群众的冷暖放在心上。')).toBe('quote');
    expect(reason('王书记曾经指出，要像绣花一样管理城市。')).toBe('quote');
    expect(reason('张局长在调研时指出，要抓紧补齐短板。')).toBe('quote');
    // A comment, not a request: no 要 after the verb.
    expect(reason('刘县长在会上指出，今年的防汛形势复杂严峻，各方面都要高度重视。')).toBe('quote');
    expect(reason('陳市長強調，這次行動既是一次檢閱，也是一次動員。')).toBe('quote');
  });

  it('keeps the meeting’s own requests and a leader at the meeting asking for work', () => {
    expect(reason('会议强调，要加快河道清淤进度。')).toBeNull();
    expect(reason('会议要求，各街道要在汛期前完成排查。')).toBeNull();
    expect(reason('赵区长强调，要抓紧完成学校改扩建工程。')).toBeNull();
    expect(reason('李主任要求，住建部门要加快审批。')).toBeNull();
  });

  it('sets aside rhetorical bridges and reflections', () => {
    expect(reason('这就需要我们进一步转变作风，提高效率。')).toBe('rhetoric');
    expect(reason('这就要求各级干部必须增强本领。')).toBe('rhetoric');
    expect(reason('同时我们也要清醒地看到，农村物流还存在不少短板。')).toBe('rhetoric');
    expect(reason('大家必须认识到，改革没有退路。')).toBe('rhetoric');
  });

  it('sets aside the speech’s framing of itself', () => {
    expect(reason('下面，围绕做好下半年的就业工作，我讲三点意见。')).toBe('framing');
    expect(reason('接下来，我再强调几点要求。')).toBe('framing');
    expect(reason('今天我们召开全区安全生产工作会议，主要任务是总结经验、部署工作。')).toBe('framing');
  });

  it('sets aside the transmittal, the purpose of the document and the guiding thought', () => {
    expect(reason('现将《全镇环境整治方案》印发给你们，请结合实际认真贯彻执行。')).toBe('transmittal');
    expect(reason('为进一步规范项目管理，结合本县实际，制定本办法。')).toBe('preamble');
    expect(reason('以新发展理念为指导，全面落实高质量发展要求，推动乡村全面振兴。')).toBe('preamble');
  });

  it('sets aside statements of significance and of results', () => {
    expect(reason('明年是规划实施的攻坚之年，做好工作意义重大。')).toBe('description');
    expect(reason('开展这项活动，是推动全县跨越发展的迫切需要。')).toBe('description');
    expect(reason('二、抓宣传，全民参与的氛围进一步形成。')).toBe('result');
    expect(reason('督查力度不断加大。')).toBe('result');
  });

  it('keeps deployments, including ones that end with a result their action brings', () => {
    for (const s of [
      '要加快推进老旧小区改造，年底前完成30个小区。',
      '推动产业结构进一步优化。',
      '各乡镇要确保服务质量明显提升。',
      '围绕“两个率先”目标，加快建设现代产业体系。',
      '以项目建设为抓手，着力扩大有效投资。',
      '必须压实属地责任，坚决守住安全底线。',
      '坚持问题导向，切实解决群众急难愁盼问题。',
    ]) expect(reason(s), s).toBeNull();
  });
});

describe('the parsed document', () => {
  const text = [
    '在全县重点工作推进会上的讲话',
    '同志们：',
    '下面，围绕抓好全年重点工作，我讲两点意见。',
    '一、抓好项目建设',
    '这就需要我们进一步增强紧迫感。',
    '县发改局要在6月底前完成项目库更新。',
    '要加快推进园区道路建设。',
    '王书记曾强调，要把项目作为生命线。',
  ].join('\n');
  const doc = parseDocument(text);

  it('lists set-aside sentences with their reason apart from the tasks, at their offsets', () => {
    expectOffsetsValid(doc, cleanDocument(text).text);
    expect(doc.tasks.map((t) => t.text)).toEqual(['县发改局要在6月底前完成项目库更新。', '要加快推进园区道路建设。']);
    expect(doc.setAside.map((t) => [t.reason, t.text])).toEqual([
      ['framing', '下面，围绕抓好全年重点工作，我讲两点意见。'],
      ['rhetoric', '这就需要我们进一步增强紧迫感。'],
      ['quote', '王书记曾强调，要把项目作为生命线。'],
    ]);
    const cleaned = cleanDocument(text).text;
    for (const t of doc.setAside) expect(cleaned.slice(t.offset, t.offset + t.text.length)).toBe(t.text);
  });

  it('never sets aside a sentence that names its units or deadline', () => {
    const d = parseDocument('道路修复工作会议纪要\n这就需要县交通局牵头，务必在9月底前完成道路修复。');
    expect(d.tasks).toHaveLength(1);
    expect(d.setAside).toHaveLength(0);
  });
});

describe('the unit a sentence is addressed to, after framing clauses', () => {
  it('finds 市发改委 after 以…为契机 and 县工信局 after 围绕…, but no collective', () => {
    const d = parseDocument('城市更新会议讲话\n以举办省运会为契机，市发改委要牵头编制更新项目库，6月底前报市政府。\n围绕“产业强县”目标，县工信局要加快培育产业集群。\n以项目为抓手，各地各部门要扩大有效投资。');
    expect(d.tasks.map((t) => t.leadUnits)).toEqual([['市发改委'], ['县工信局'], []]);
  });

  it('finds the unit after who asked (会议要求, 张市长指出), in either script, and not in a clause that asks itself', () => {
    const d = parseDocument('局长办公会议纪要\n会议要求，市住建局要加快老旧小区改造审批。\n會議強調，東城區要抓緊完成河道清淤。\n张市长指出，市交通局要加快农村公路养护。\n县水利局要求，各乡镇要在汛前完成排查。');
    // 各乡镇 names every township, which leads; 县水利局 only asked.
    expect(d.tasks.map((t) => t.leadUnits)).toEqual([['市住建局'], ['東城區'], ['市交通局'], ['各乡镇']]);
  });
});

describe('a leader’s instruction', () => {
  it('reads the unit asked to lead without the 请 of the request', () => {
    const d = parseDocument('批示\n请市交通局牵头，加快推进农村公路养护，9月底前报送方案。');
    expect(d.tasks.map((t) => [t.leadUnits, t.deadline])).toEqual([[['市交通局'], '9月底前']]);
  });
});

